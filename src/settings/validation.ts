import type { z } from 'zod';

/** One line a user can act on: "webhookUrl: must start with https://". */
export function reasonOf(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
