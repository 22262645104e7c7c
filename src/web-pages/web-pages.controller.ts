import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { PROJECT_ROOT } from '../config/app-config';
import { HttpError } from '../http/http-error';

/** Where `vite build` puts the screens (web/). */
export const WEB_ROOT = join(PROJECT_ROOT, 'web', 'dist');

/**
 * The screens' pages. Public, because a page holds no patient data: it shows nothing until its socket connects with a
 * staff token (taken from the sign-in link's fragment, which never reaches the server).
 */
@Controller()
@Public()
export class WebPagesController {
  @Get()
  index(@Res() response: Response): void {
    this.page(response, 'index.html');
  }

  @Get('ward/:wardId')
  ward(@Res() response: Response): void {
    this.page(response, 'ward.html');
  }

  @Get('handheld')
  @Header('Cache-Control', 'no-store')
  handheld(@Res() response: Response): void {
    this.page(response, 'handheld.html');
  }

  /** The coordinator's huddle view: every ward she covers on one screen, live, printable. */
  @Get('huddle')
  huddle(@Res() response: Response): void {
    this.page(response, 'huddle.html');
  }

  @Get('patient/:id')
  patient(@Res() response: Response): void {
    this.page(response, 'patient.html');
  }

  /** A baby's preterm passport (printable; the data comes from /api/patients/:id/passport with the staff token). */
  @Get('passport/:babyId')
  passport(@Res() response: Response): void {
    this.page(response, 'passport.html');
  }

  /** A chart in the paper layout (printable), what changed between two versions, and which ward uses which chart. */
  @Get(['charts', 'charts/:id', 'charts/:id/diff'])
  charts(@Res() response: Response): void {
    this.page(response, 'charts.html');
  }

  /** The auditor's escalation list and the timeline of one escalation (one page, routed in the browser). */
  @Get(['audit/alerts', 'audit/alerts/:id'])
  audit(@Res() response: Response): void {
    this.page(response, 'audit.html');
  }

  /** The quality-improvement measures as SPC charts (data from /api/measures with the staff token). */
  @Get('measures')
  measures(@Res() response: Response): void {
    this.page(response, 'measures.html');
  }

  /** Coordinators and admins pair, list and revoke ward displays (data from /api/displays with the session). */
  @Get('admin/displays')
  displays(@Res() response: Response): void {
    this.page(response, 'admin.html');
  }

  private page(response: Response, file: string): void {
    const path = join(WEB_ROOT, file);
    if (!existsSync(path))
      throw HttpError.of(503, `the screens are not built (${path} is missing): run npm run build`);
    response.setHeader('Cache-Control', 'no-store');
    response.sendFile(path);
  }
}
