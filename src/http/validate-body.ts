import type { z } from 'zod';
import { HttpError } from './http-error';

/** Parses a request body or query with a zod schema; a mismatch is a 400 naming every field at fault. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, root = 'body'): z.infer<T> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new HttpError(
    400,
    parsed.error.issues.map((issue) => {
      const path = [root, ...issue.path.map(String)].join('.');
      return { code: 'invalid' as const, expression: path, diagnostics: `${path}: ${issue.message}` };
    }),
  );
}
