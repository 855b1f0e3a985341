/**
 * What an account's username and password may be: the same bounds as better-auth's (its username plugin
 * refuses to sign in other usernames; sign-up / change-password the other password lengths). Browser-safe
 * (`@hubcache/db/account-rules`), so the forms' schemas check the same rules.
 */

/** Lower-case: usernames are stored normalized, as better-auth's username plugin compares them. */
export const USERNAME_PATTERN = /^[a-z0-9_.]{3,30}$/;
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;
