import type { Response } from 'express';

/** Marks a response as a CSV file download: UTF-8, saved under `filename`, never cached (it holds patient data). */
export function asCsvDownload(response: Response, filename: string): void {
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  response.setHeader('Cache-Control', 'no-store');
}
