export * from "./schemas.ts";
export { ApiError, fieldErrorsOf, parseInput, type FieldErrors } from "./errors.ts";
export type { Actor } from "./services/access.ts";
export * from "./services/remotes.ts";
export * from "./services/distributions.ts";
export { createPulpApi, PULP_API_PREFIX, type PulpApiDeps } from "./pulp/api.ts";
export { openApiDocument } from "./pulp/openapi.ts";
