/**
 * Prisma error codes that mean "a concurrent writer got there first / try again":
 * P2002 unique constraint (lost an insert race), P2034 write conflict or deadlock (PostgreSQL),
 * P1008 operation timed out (SQLite busy).
 */
const RETRYABLE = new Set(["P2002", "P2034", "P1008"]);

export function prismaErrorCode(e: unknown): string | undefined {
  if (typeof e === "object" && e !== null && "code" in e && typeof e.code === "string") return e.code;
  return undefined;
}

export function isUniqueViolation(e: unknown): boolean {
  return prismaErrorCode(e) === "P2002";
}

/** Runs `fn` again when it lost a race to a concurrent writer (an upsert's insert met the other insert). */
export async function retryOnConflict<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      const code = prismaErrorCode(e);
      if (i >= attempts || code === undefined || !RETRYABLE.has(code)) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * i));
    }
  }
}
