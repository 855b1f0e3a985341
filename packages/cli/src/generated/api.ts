/**
 * Generated from the REST API's OpenAPI document (packages/services/src/pulp) by openapi-typescript:
 * do not edit. Regenerate with `npm run generate:client -w @hubcache/cli`; test/generated.test.ts fails
 * when this file and the document drift apart.
 */

export interface paths {
    "/pulp/api/v3/docs/api.json/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document (no credentials needed) */
        get: operations["docs_get_api_json"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/remotes/hugging_face/hugging-face/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List remotes */
        get: operations["remotes_get_remotes_hugging_face_hugging_face"];
        put?: never;
        /**
         * Create a remote
         * @description `team` (a slug or id) picks the team; required when the caller may change more than one (400 on `team`).
         */
        post: operations["remotes_post_remotes_hugging_face_hugging_face"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/remotes/hugging_face/hugging-face/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** Show a remote */
        get: operations["remotes_get_remotes_hugging_face_hugging_face_id"];
        /** Replace a remote: omitted fields take their defaults */
        put: operations["remotes_put_remotes_hugging_face_hugging_face_id"];
        post?: never;
        /** Delete a remote (one still served by a distribution cannot go) */
        delete: operations["remotes_delete_remotes_hugging_face_hugging_face_id"];
        options?: never;
        head?: never;
        /** Change the fields sent; the others keep their values */
        patch: operations["remotes_patch_remotes_hugging_face_hugging_face_id"];
        trace?: never;
    };
    "/pulp/api/v3/distributions/hugging_face/hugging-face/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List distributions */
        get: operations["distributions_get_distributions_hugging_face_hugging_face"];
        put?: never;
        /**
         * Create a distribution
         * @description `team` (a slug or id) picks the team; required when the caller may change more than one (400 on `team`).
         */
        post: operations["distributions_post_distributions_hugging_face_hugging_face"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/distributions/hugging_face/hugging-face/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** Show a distribution */
        get: operations["distributions_get_distributions_hugging_face_hugging_face_id"];
        /** Replace a distribution: omitted fields take their defaults */
        put: operations["distributions_put_distributions_hugging_face_hugging_face_id"];
        post?: never;
        /** Delete a distribution */
        delete: operations["distributions_delete_distributions_hugging_face_hugging_face_id"];
        options?: never;
        head?: never;
        /** Change the fields sent; the others keep their values */
        patch: operations["distributions_patch_distributions_hugging_face_hugging_face_id"];
        trace?: never;
    };
    "/pulp/api/v3/teams/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the caller's teams */
        get: operations["teams_get_teams"];
        put?: never;
        /** Create a team (the caller becomes its owner) */
        post: operations["teams_post_teams"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/teams/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** Show a team */
        get: operations["teams_get_teams_id"];
        put?: never;
        post?: never;
        /** Delete a team with its remotes, distributions, access tokens and cache index (owners) */
        delete: operations["teams_delete_teams_id"];
        options?: never;
        head?: never;
        /** Rename a team (admins and owners; the slug stays) */
        patch: operations["teams_patch_teams_id"];
        trace?: never;
    };
    "/pulp/api/v3/teams/{id}/members/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** List a team's members */
        get: operations["teams_get_teams_id_members"];
        put?: never;
        /** Add a user to a team (admins and owners; only owners grant owner) */
        post: operations["teams_post_teams_id_members"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/teams/{id}/members/{user_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                user_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member */
        delete: operations["teams_delete_teams_id_members_user_id"];
        options?: never;
        head?: never;
        /** Change a member's role */
        patch: operations["teams_patch_teams_id_members_user_id"];
        trace?: never;
    };
    "/pulp/api/v3/users/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a user who can sign in with this password (the instance admin only) */
        post: operations["users_post_users"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/users/me/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who the credentials act as, and their teams */
        get: operations["users_get_users_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/tokens/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the access tokens of the caller's teams (never their secrets) */
        get: operations["tokens_get_tokens"];
        put?: never;
        /**
         * Create an access token for a team's private distributions; the secret is in this answer only
         * @description `team` (a slug or id) picks the team; required when the caller may change more than one (400 on `team`).
         */
        post: operations["tokens_post_tokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/tokens/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** Show an access token (never its secret) */
        get: operations["tokens_get_tokens_id"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/tokens/{id}/revoke/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke an access token (admins and owners)
         * @description Revoke it (idempotent): refused from then on. The row stays, with `revoked_at`. The content server refuses it within seconds.
         */
        post: operations["tokens_post_tokens_id_revoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/api-tokens/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the caller's personal API tokens, with their last use */
        get: operations["api-tokens_get_api_tokens"];
        put?: never;
        /** Create a personal API token: it acts as the caller; the secret is in this answer only */
        post: operations["api-tokens_post_api_tokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/api-tokens/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** Show one of the caller's API tokens */
        get: operations["api-tokens_get_api_tokens_id"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/api-tokens/{id}/revoke/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke one of the caller's API tokens
         * @description Revoke it (idempotent): refused from then on. The row stays, with `revoked_at`.
         */
        post: operations["api-tokens_post_api_tokens_id_revoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/distributions/hugging_face/hugging-face/{id}/cache/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** List the repos a distribution has cached, with their revisions, files and bytes */
        get: operations["cache_get_distributions_hugging_face_hugging_face_id_cache"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/distributions/hugging_face/hugging-face/{id}/cache/files/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** List the cached files of one repo (optionally one revision), largest first */
        get: operations["cache_get_distributions_hugging_face_hugging_face_id_cache_files"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/distributions/hugging_face/hugging-face/{id}/cache/purge/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Purge a repo, a revision or a file from a distribution's cache (admins and owners)
         * @description Queues a purge job that the content server (which owns the stored bytes) carries out: the index entries go, then the stored bytes no other entry (of any team) uses. A branch or tag is purged at the commit the cache last resolved it to. Follow the job in `hubcache/distributions/{id}/purges/` (the Location header): once `done`, it says how many files, stored blobs and bytes went. Clients fetch what was purged from the Hub again on their next request.
         */
        post: operations["cache_post_distributions_hugging_face_hugging_face_id_cache_purge"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/distributions/hugging_face/hugging-face/{id}/prefetch/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pre-fetch a whole repo at a revision into the cache (admins and owners)
         * @description The content server runs it; follow the task it answers with.
         */
        post: operations["cache_post_distributions_hugging_face_hugging_face_id_prefetch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/tasks/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the tasks (pre-fetches) of the caller's distributions, newest first */
        get: operations["tasks_get_tasks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/tasks/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** Show a task: state, progress (files and bytes), error */
        get: operations["tasks_get_tasks_id"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Cancel a waiting or running task: send `{"state": "canceled"}` (admins and owners)
         * @description A running pre-fetch stops after the file it is fetching; what it fetched stays cached.
         */
        patch: operations["tasks_patch_tasks_id"];
        trace?: never;
    };
    "/pulp/api/v3/usage/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Traffic and storage of the caller's teams (the dashboard's figures) */
        get: operations["usage_get_usage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/audit/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who changed what in the caller's teams, newest first */
        get: operations["audit_get_audit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/status/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Content servers, hit ratio and storage of the caller's teams, pre-fetch queue */
        get: operations["status_get_status"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/hubcache/storage/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The bytes the instance stores, and every team's usage and quota (instance admin) */
        get: operations["storage_get_hubcache_storage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/hubcache/teams/{team}/storage/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                team: string;
            };
            cookie?: never;
        };
        /** A team's usage against its quota: pins, largest repos, recent evictions */
        get: operations["storage_get_hubcache_teams_team_storage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Set a team's quota (instance admin) or retention in days (the team's admins too) */
        patch: operations["storage_patch_hubcache_teams_team_storage"];
        trace?: never;
    };
    "/pulp/api/v3/hubcache/distributions/{id}/pins/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** What is pinned in a distribution's cache (never evicted, counted in the quota) */
        get: operations["storage_get_hubcache_distributions_id_pins"];
        put?: never;
        /**
         * Pin a repo, or a repo at a revision (a commit, or a branch the cache has resolved)
         * @description With `path`, only a file, or a folder (every file below it), of the repo or of the revision. Pinned files are never evicted and count against the team's quota.
         */
        post: operations["storage_post_hubcache_distributions_id_pins"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/hubcache/distributions/{id}/pins/{pin}/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                pin: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Unpin */
        delete: operations["storage_delete_hubcache_distributions_id_pins_pin"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pulp/api/v3/hubcache/distributions/{id}/purges/": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** Purges queued for the content server, and their results */
        get: operations["storage_get_hubcache_distributions_id_purges"];
        put?: never;
        /** Queue a purge of a repo, a commit or a file; the content server carries it out */
        post: operations["storage_post_hubcache_distributions_id_purges"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        HuggingFaceRemote: {
            name: string;
            hf_hub_url?: string;
            hf_token?: string | null;
            /**
             * @default on_demand
             * @enum {string}
             */
            policy?: "on_demand" | "streamed" | "immediate";
            /** @default 10000 */
            connect_timeout?: number;
            /** @default 60000 */
            sock_read_timeout?: number;
            /** @default [] */
            include_patterns?: string[];
            /** @default [] */
            exclude_patterns?: string[];
            /** @description The team's slug (or id); required when the caller may change more than one team */
            team?: string;
        };
        PatchedHuggingFaceRemote: {
            name?: string;
            hf_hub_url?: string;
            hf_token?: string | null;
            /** @enum {string} */
            policy?: "on_demand" | "streamed" | "immediate";
            connect_timeout?: number;
            sock_read_timeout?: number;
            include_patterns?: string[];
            exclude_patterns?: string[];
        };
        HuggingFaceDistribution: {
            name: string;
            base_path: string;
            /** @description The remote's pulp_href */
            remote: string;
            /** @default true */
            public?: boolean;
            /** @description The team's slug (or id); required when the caller may change more than one team */
            team?: string;
        };
        PatchedHuggingFaceDistribution: {
            name?: string;
            base_path?: string;
            /** @description The remote's pulp_href */
            remote?: string;
            public?: boolean;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    docs_get_api_json: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
        };
    };
    remotes_get_remotes_hugging_face_hugging_face: {
        parameters: {
            query?: {
                /** @description Only the object with this name */
                name?: string;
                /** @description Page size (1-1000, default 100) */
                limit?: number;
                /** @description Items to skip */
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of remotes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "count": 1,
                     *       "next": null,
                     *       "previous": null,
                     *       "results": [
                     *         {
                     *           "pulp_href": "/pulp/api/v3/remotes/hugging_face/hugging-face/cm1remo0000000000000000/",
                     *           "pulp_created": "2026-11-26T14:03:12.000Z",
                     *           "pulp_last_updated": "2026-11-26T14:03:12.000Z",
                     *           "name": "hf-remote",
                     *           "hf_hub_url": "https://huggingface.co",
                     *           "policy": "on_demand",
                     *           "connect_timeout": 10,
                     *           "sock_read_timeout": 60,
                     *           "include_patterns": [],
                     *           "exclude_patterns": [],
                     *           "hidden_fields": [
                     *             {
                     *               "name": "hf_token",
                     *               "is_set": false
                     *             }
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        count: number;
                        next: string | null;
                        previous: string | null;
                        results: {
                            /** @description The object's URL path: use it to read, change or delete it */
                            pulp_href: string;
                            /** @description ISO 8601 time */
                            pulp_created: string;
                            /** @description ISO 8601 time */
                            pulp_last_updated: string;
                            name: string;
                            hf_hub_url: string;
                            /** @enum {string} */
                            policy: "on_demand" | "streamed" | "immediate";
                            /** @description seconds */
                            connect_timeout: number;
                            /** @description seconds */
                            sock_read_timeout: number;
                            include_patterns: string[];
                            exclude_patterns: string[];
                            hidden_fields: {
                                name: string;
                                is_set: boolean;
                            }[];
                        }[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    remotes_post_remotes_hugging_face_hugging_face: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "hf-remote",
                 *       "policy": "on_demand"
                 *     }
                 */
                "application/json": components["schemas"]["HuggingFaceRemote"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/remotes/hugging_face/hugging-face/cm1remo0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "pulp_last_updated": "2026-11-26T14:03:12.000Z",
                     *       "name": "hf-remote",
                     *       "hf_hub_url": "https://huggingface.co",
                     *       "policy": "on_demand",
                     *       "connect_timeout": 10,
                     *       "sock_read_timeout": 60,
                     *       "include_patterns": [],
                     *       "exclude_patterns": [],
                     *       "hidden_fields": [
                     *         {
                     *           "name": "hf_token",
                     *           "is_set": false
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        /** @description ISO 8601 time */
                        pulp_last_updated: string;
                        name: string;
                        hf_hub_url: string;
                        /** @enum {string} */
                        policy: "on_demand" | "streamed" | "immediate";
                        /** @description seconds */
                        connect_timeout: number;
                        /** @description seconds */
                        sock_read_timeout: number;
                        include_patterns: string[];
                        exclude_patterns: string[];
                        hidden_fields: {
                            name: string;
                            is_set: boolean;
                        }[];
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    remotes_get_remotes_hugging_face_hugging_face_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The remote */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/remotes/hugging_face/hugging-face/cm1remo0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "pulp_last_updated": "2026-11-26T14:03:12.000Z",
                     *       "name": "hf-remote",
                     *       "hf_hub_url": "https://huggingface.co",
                     *       "policy": "on_demand",
                     *       "connect_timeout": 10,
                     *       "sock_read_timeout": 60,
                     *       "include_patterns": [],
                     *       "exclude_patterns": [],
                     *       "hidden_fields": [
                     *         {
                     *           "name": "hf_token",
                     *           "is_set": false
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        /** @description ISO 8601 time */
                        pulp_last_updated: string;
                        name: string;
                        hf_hub_url: string;
                        /** @enum {string} */
                        policy: "on_demand" | "streamed" | "immediate";
                        /** @description seconds */
                        connect_timeout: number;
                        /** @description seconds */
                        sock_read_timeout: number;
                        include_patterns: string[];
                        exclude_patterns: string[];
                        hidden_fields: {
                            name: string;
                            is_set: boolean;
                        }[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    remotes_put_remotes_hugging_face_hugging_face_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "hf-remote",
                 *       "policy": "on_demand"
                 *     }
                 */
                "application/json": components["schemas"]["HuggingFaceRemote"];
            };
        };
        responses: {
            /** @description Replaced */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/remotes/hugging_face/hugging-face/cm1remo0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "pulp_last_updated": "2026-11-26T14:03:12.000Z",
                     *       "name": "hf-remote",
                     *       "hf_hub_url": "https://huggingface.co",
                     *       "policy": "on_demand",
                     *       "connect_timeout": 10,
                     *       "sock_read_timeout": 60,
                     *       "include_patterns": [],
                     *       "exclude_patterns": [],
                     *       "hidden_fields": [
                     *         {
                     *           "name": "hf_token",
                     *           "is_set": false
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        /** @description ISO 8601 time */
                        pulp_last_updated: string;
                        name: string;
                        hf_hub_url: string;
                        /** @enum {string} */
                        policy: "on_demand" | "streamed" | "immediate";
                        /** @description seconds */
                        connect_timeout: number;
                        /** @description seconds */
                        sock_read_timeout: number;
                        include_patterns: string[];
                        exclude_patterns: string[];
                        hidden_fields: {
                            name: string;
                            is_set: boolean;
                        }[];
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    remotes_delete_remotes_hugging_face_hugging_face_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    remotes_patch_remotes_hugging_face_hugging_face_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "policy": "streamed"
                 *     }
                 */
                "application/json": components["schemas"]["PatchedHuggingFaceRemote"];
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/remotes/hugging_face/hugging-face/cm1remo0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "pulp_last_updated": "2026-11-26T14:03:12.000Z",
                     *       "name": "hf-remote",
                     *       "hf_hub_url": "https://huggingface.co",
                     *       "policy": "on_demand",
                     *       "connect_timeout": 10,
                     *       "sock_read_timeout": 60,
                     *       "include_patterns": [],
                     *       "exclude_patterns": [],
                     *       "hidden_fields": [
                     *         {
                     *           "name": "hf_token",
                     *           "is_set": false
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        /** @description ISO 8601 time */
                        pulp_last_updated: string;
                        name: string;
                        hf_hub_url: string;
                        /** @enum {string} */
                        policy: "on_demand" | "streamed" | "immediate";
                        /** @description seconds */
                        connect_timeout: number;
                        /** @description seconds */
                        sock_read_timeout: number;
                        include_patterns: string[];
                        exclude_patterns: string[];
                        hidden_fields: {
                            name: string;
                            is_set: boolean;
                        }[];
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    distributions_get_distributions_hugging_face_hugging_face: {
        parameters: {
            query?: {
                /** @description Only the object with this name */
                name?: string;
                /** @description Page size (1-1000, default 100) */
                limit?: number;
                /** @description Items to skip */
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of distributions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "count": 1,
                     *       "next": null,
                     *       "previous": null,
                     *       "results": [
                     *         {
                     *           "pulp_href": "/pulp/api/v3/distributions/hugging_face/hugging-face/cm1dist0000000000000000/",
                     *           "pulp_created": "2026-11-26T14:03:12.000Z",
                     *           "pulp_last_updated": "2026-11-26T14:03:12.000Z",
                     *           "name": "hf-proxy",
                     *           "base_path": "research/models",
                     *           "base_url": "http://localhost:8080/pulp/content/research/models/",
                     *           "remote": "/pulp/api/v3/remotes/hugging_face/hugging-face/cm1remo0000000000000000/",
                     *           "public": false,
                     *           "warnings": []
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        count: number;
                        next: string | null;
                        previous: string | null;
                        results: {
                            /** @description The object's URL path: use it to read, change or delete it */
                            pulp_href: string;
                            /** @description ISO 8601 time */
                            pulp_created: string;
                            /** @description ISO 8601 time */
                            pulp_last_updated: string;
                            name: string;
                            base_path: string;
                            /** @description Where clients download from (HF_ENDPOINT) */
                            base_url: string;
                            /** @description The remote's pulp_href */
                            remote: string;
                            public: boolean;
                            warnings: string[];
                        }[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    distributions_post_distributions_hugging_face_hugging_face: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "hf-proxy",
                 *       "base_path": "research/models",
                 *       "remote": "/pulp/api/v3/remotes/hugging_face/hugging-face/cm1remo0000000000000000/",
                 *       "public": false
                 *     }
                 */
                "application/json": components["schemas"]["HuggingFaceDistribution"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/distributions/hugging_face/hugging-face/cm1dist0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "pulp_last_updated": "2026-11-26T14:03:12.000Z",
                     *       "name": "hf-proxy",
                     *       "base_path": "research/models",
                     *       "base_url": "http://localhost:8080/pulp/content/research/models/",
                     *       "remote": "/pulp/api/v3/remotes/hugging_face/hugging-face/cm1remo0000000000000000/",
                     *       "public": false,
                     *       "warnings": []
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        /** @description ISO 8601 time */
                        pulp_last_updated: string;
                        name: string;
                        base_path: string;
                        /** @description Where clients download from (HF_ENDPOINT) */
                        base_url: string;
                        /** @description The remote's pulp_href */
                        remote: string;
                        public: boolean;
                        warnings: string[];
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    distributions_get_distributions_hugging_face_hugging_face_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The distribution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/distributions/hugging_face/hugging-face/cm1dist0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "pulp_last_updated": "2026-11-26T14:03:12.000Z",
                     *       "name": "hf-proxy",
                     *       "base_path": "research/models",
                     *       "base_url": "http://localhost:8080/pulp/content/research/models/",
                     *       "remote": "/pulp/api/v3/remotes/hugging_face/hugging-face/cm1remo0000000000000000/",
                     *       "public": false,
                     *       "warnings": []
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        /** @description ISO 8601 time */
                        pulp_last_updated: string;
                        name: string;
                        base_path: string;
                        /** @description Where clients download from (HF_ENDPOINT) */
                        base_url: string;
                        /** @description The remote's pulp_href */
                        remote: string;
                        public: boolean;
                        warnings: string[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    distributions_put_distributions_hugging_face_hugging_face_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "hf-proxy",
                 *       "base_path": "research/models",
                 *       "remote": "/pulp/api/v3/remotes/hugging_face/hugging-face/cm1remo0000000000000000/",
                 *       "public": false
                 *     }
                 */
                "application/json": components["schemas"]["HuggingFaceDistribution"];
            };
        };
        responses: {
            /** @description Replaced */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/distributions/hugging_face/hugging-face/cm1dist0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "pulp_last_updated": "2026-11-26T14:03:12.000Z",
                     *       "name": "hf-proxy",
                     *       "base_path": "research/models",
                     *       "base_url": "http://localhost:8080/pulp/content/research/models/",
                     *       "remote": "/pulp/api/v3/remotes/hugging_face/hugging-face/cm1remo0000000000000000/",
                     *       "public": false,
                     *       "warnings": []
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        /** @description ISO 8601 time */
                        pulp_last_updated: string;
                        name: string;
                        base_path: string;
                        /** @description Where clients download from (HF_ENDPOINT) */
                        base_url: string;
                        /** @description The remote's pulp_href */
                        remote: string;
                        public: boolean;
                        warnings: string[];
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    distributions_delete_distributions_hugging_face_hugging_face_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    distributions_patch_distributions_hugging_face_hugging_face_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "public": false
                 *     }
                 */
                "application/json": components["schemas"]["PatchedHuggingFaceDistribution"];
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/distributions/hugging_face/hugging-face/cm1dist0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "pulp_last_updated": "2026-11-26T14:03:12.000Z",
                     *       "name": "hf-proxy",
                     *       "base_path": "research/models",
                     *       "base_url": "http://localhost:8080/pulp/content/research/models/",
                     *       "remote": "/pulp/api/v3/remotes/hugging_face/hugging-face/cm1remo0000000000000000/",
                     *       "public": false,
                     *       "warnings": []
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        /** @description ISO 8601 time */
                        pulp_last_updated: string;
                        name: string;
                        base_path: string;
                        /** @description Where clients download from (HF_ENDPOINT) */
                        base_url: string;
                        /** @description The remote's pulp_href */
                        remote: string;
                        public: boolean;
                        warnings: string[];
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    teams_get_teams: {
        parameters: {
            query?: {
                /** @description Only the team with this name or slug */
                name?: string;
                /** @description Page size (1-1000, default 100) */
                limit?: number;
                /** @description Items to skip */
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of teams */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "count": 1,
                     *       "next": null,
                     *       "previous": null,
                     *       "results": [
                     *         {
                     *           "pulp_href": "/pulp/api/v3/teams/cm1team0000000000000000/",
                     *           "pulp_created": "2026-11-26T14:03:12.000Z",
                     *           "name": "Research",
                     *           "slug": "research",
                     *           "role": "owner",
                     *           "member_count": 3
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        count: number;
                        next: string | null;
                        previous: string | null;
                        results: {
                            /** @description The object's URL path: use it to read, change or delete it */
                            pulp_href: string;
                            /** @description ISO 8601 time */
                            pulp_created: string;
                            name: string;
                            /** @description Give it as `team` where an object is created */
                            slug: string;
                            /**
                             * @description The caller's role in the team
                             * @enum {string}
                             */
                            role: "owner" | "admin" | "member";
                            member_count: number;
                        }[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    teams_post_teams: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Research"
                 *     }
                 */
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/teams/cm1team0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "name": "Research",
                     *       "slug": "research",
                     *       "role": "owner",
                     *       "member_count": 3
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        name: string;
                        /** @description Give it as `team` where an object is created */
                        slug: string;
                        /**
                         * @description The caller's role in the team
                         * @enum {string}
                         */
                        role: "owner" | "admin" | "member";
                        member_count: number;
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    teams_get_teams_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The team */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/teams/cm1team0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "name": "Research",
                     *       "slug": "research",
                     *       "role": "owner",
                     *       "member_count": 3
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        name: string;
                        /** @description Give it as `team` where an object is created */
                        slug: string;
                        /**
                         * @description The caller's role in the team
                         * @enum {string}
                         */
                        role: "owner" | "admin" | "member";
                        member_count: number;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    teams_delete_teams_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description The default team stays */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    teams_patch_teams_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Research & Development"
                 *     }
                 */
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Renamed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/teams/cm1team0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "name": "Research",
                     *       "slug": "research",
                     *       "role": "owner",
                     *       "member_count": 3
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        name: string;
                        /** @description Give it as `team` where an object is created */
                        slug: string;
                        /**
                         * @description The caller's role in the team
                         * @enum {string}
                         */
                        role: "owner" | "admin" | "member";
                        member_count: number;
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    teams_get_teams_id_members: {
        parameters: {
            query?: {
                /** @description Page size (1-1000, default 100) */
                limit?: number;
                /** @description Items to skip */
                offset?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of members */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "count": 1,
                     *       "next": null,
                     *       "previous": null,
                     *       "results": [
                     *         {
                     *           "pulp_href": "/pulp/api/v3/teams/cm1team0000000000000000/members/cm1user0000000000000000/",
                     *           "pulp_created": "2026-11-26T14:03:12.000Z",
                     *           "username": "alice",
                     *           "role": "admin"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        count: number;
                        next: string | null;
                        previous: string | null;
                        results: {
                            /** @description The object's URL path: use it to read, change or delete it */
                            pulp_href: string;
                            /** @description ISO 8601 time */
                            pulp_created: string;
                            username: string;
                            /** @enum {string} */
                            role: "owner" | "admin" | "member";
                        }[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    teams_post_teams_id_members: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "username": "bob",
                 *       "role": "member"
                 *     }
                 */
                "application/json": {
                    username: string;
                    /**
                     * @default member
                     * @enum {string}
                     */
                    role?: "owner" | "admin" | "member";
                };
            };
        };
        responses: {
            /** @description Added */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/teams/cm1team0000000000000000/members/cm1user0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "username": "alice",
                     *       "role": "admin"
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        username: string;
                        /** @enum {string} */
                        role: "owner" | "admin" | "member";
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    teams_delete_teams_id_members_user_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A team keeps one owner */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    teams_patch_teams_id_members_user_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "role": "admin"
                 *     }
                 */
                "application/json": {
                    /**
                     * @default member
                     * @enum {string}
                     */
                    role?: "owner" | "admin" | "member";
                };
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/teams/cm1team0000000000000000/members/cm1user0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "username": "alice",
                     *       "role": "admin"
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        username: string;
                        /** @enum {string} */
                        role: "owner" | "admin" | "member";
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A team keeps one owner */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    users_post_users: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "username": "bob",
                 *       "password": "a long passphrase"
                 *     }
                 */
                "application/json": {
                    username: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "username": "bob"
                     *     }
                     */
                    "application/json": {
                        username: string;
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    users_get_users_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "username": "alice",
                     *       "instance_admin": false,
                     *       "teams": [
                     *         {
                     *           "pulp_href": "/pulp/api/v3/teams/cm1team0000000000000000/",
                     *           "pulp_created": "2026-11-26T14:03:12.000Z",
                     *           "name": "Research",
                     *           "slug": "research",
                     *           "role": "owner",
                     *           "member_count": 3
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        username: string;
                        /** @description May create users and point remotes anywhere */
                        instance_admin: boolean;
                        teams: {
                            /** @description The object's URL path: use it to read, change or delete it */
                            pulp_href: string;
                            /** @description ISO 8601 time */
                            pulp_created: string;
                            name: string;
                            /** @description Give it as `team` where an object is created */
                            slug: string;
                            /**
                             * @description The caller's role in the team
                             * @enum {string}
                             */
                            role: "owner" | "admin" | "member";
                            member_count: number;
                        }[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    tokens_get_tokens: {
        parameters: {
            query?: {
                /** @description Only this team's (slug or id) */
                team?: string;
                /** @description Only tokens with this name */
                name?: string;
                /** @description Page size (1-1000, default 100) */
                limit?: number;
                /** @description Items to skip */
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of access tokens */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "count": 1,
                     *       "next": null,
                     *       "previous": null,
                     *       "results": [
                     *         {
                     *           "pulp_href": "/pulp/api/v3/tokens/cm1tokn0000000000000000/",
                     *           "pulp_created": "2026-11-26T14:03:12.000Z",
                     *           "name": "ci-runners",
                     *           "team": "research",
                     *           "last_used_at": null,
                     *           "expires_at": "2027-01-01T00:00:00.000Z",
                     *           "revoked_at": null,
                     *           "status": "active"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        count: number;
                        next: string | null;
                        previous: string | null;
                        results: {
                            /** @description The object's URL path: use it to read, change or delete it */
                            pulp_href: string;
                            /** @description ISO 8601 time */
                            pulp_created: string;
                            name: string;
                            /** @description The team's slug */
                            team: string;
                            /** @description ISO 8601 time, or null */
                            last_used_at: string | null;
                            /** @description ISO 8601 time, or null */
                            expires_at: string | null;
                            /** @description ISO 8601 time, or null */
                            revoked_at: string | null;
                            /** @enum {string} */
                            status: "active" | "expired" | "revoked";
                        }[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    tokens_post_tokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "ci-runners",
                 *       "expires_at": "2027-01-01",
                 *       "team": "research"
                 *     }
                 */
                "application/json": {
                    /** @description 1-100 characters */
                    name: string;
                    /** @description A date or ISO 8601 time in the future; omitted: never */
                    expires_at?: string | null;
                    team?: string;
                };
            };
        };
        responses: {
            /** @description Created: `token` is the secret */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/tokens/cm1tokn0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "name": "ci-runners",
                     *       "team": "research",
                     *       "last_used_at": null,
                     *       "expires_at": "2027-01-01T00:00:00.000Z",
                     *       "revoked_at": null,
                     *       "status": "active",
                     *       "token": "hc_…"
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        name: string;
                        /** @description The team's slug */
                        team: string;
                        /** @description ISO 8601 time, or null */
                        last_used_at: string | null;
                        /** @description ISO 8601 time, or null */
                        expires_at: string | null;
                        /** @description ISO 8601 time, or null */
                        revoked_at: string | null;
                        /** @enum {string} */
                        status: "active" | "expired" | "revoked";
                        /** @description The secret: shown in this answer only */
                        token: string;
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    tokens_get_tokens_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The access token */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/tokens/cm1tokn0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "name": "ci-runners",
                     *       "team": "research",
                     *       "last_used_at": null,
                     *       "expires_at": "2027-01-01T00:00:00.000Z",
                     *       "revoked_at": null,
                     *       "status": "active"
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        name: string;
                        /** @description The team's slug */
                        team: string;
                        /** @description ISO 8601 time, or null */
                        last_used_at: string | null;
                        /** @description ISO 8601 time, or null */
                        expires_at: string | null;
                        /** @description ISO 8601 time, or null */
                        revoked_at: string | null;
                        /** @enum {string} */
                        status: "active" | "expired" | "revoked";
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    tokens_post_tokens_id_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/tokens/cm1tokn0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "name": "ci-runners",
                     *       "team": "research",
                     *       "last_used_at": null,
                     *       "expires_at": "2027-01-01T00:00:00.000Z",
                     *       "revoked_at": null,
                     *       "status": "active"
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        name: string;
                        /** @description The team's slug */
                        team: string;
                        /** @description ISO 8601 time, or null */
                        last_used_at: string | null;
                        /** @description ISO 8601 time, or null */
                        expires_at: string | null;
                        /** @description ISO 8601 time, or null */
                        revoked_at: string | null;
                        /** @enum {string} */
                        status: "active" | "expired" | "revoked";
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    "api-tokens_get_api_tokens": {
        parameters: {
            query?: {
                /** @description Only tokens with this name */
                name?: string;
                /** @description Page size (1-1000, default 100) */
                limit?: number;
                /** @description Items to skip */
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of API tokens */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "count": 1,
                     *       "next": null,
                     *       "previous": null,
                     *       "results": [
                     *         {
                     *           "pulp_href": "/pulp/api/v3/api-tokens/cm1apit0000000000000000/",
                     *           "pulp_created": "2026-11-26T14:03:12.000Z",
                     *           "name": "laptop",
                     *           "last_used_at": "2026-11-27T09:12:00.000Z",
                     *           "expires_at": null,
                     *           "revoked_at": null,
                     *           "status": "active"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        count: number;
                        next: string | null;
                        previous: string | null;
                        results: {
                            /** @description The object's URL path: use it to read, change or delete it */
                            pulp_href: string;
                            /** @description ISO 8601 time */
                            pulp_created: string;
                            name: string;
                            /** @description ISO 8601 time, or null */
                            last_used_at: string | null;
                            /** @description ISO 8601 time, or null */
                            expires_at: string | null;
                            /** @description ISO 8601 time, or null */
                            revoked_at: string | null;
                            /** @enum {string} */
                            status: "active" | "expired" | "revoked";
                        }[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    "api-tokens_post_api_tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "laptop",
                 *       "expires_at": null
                 *     }
                 */
                "application/json": {
                    /** @description 1-100 characters */
                    name: string;
                    /** @description A date or ISO 8601 time in the future; omitted: never */
                    expires_at?: string | null;
                };
            };
        };
        responses: {
            /** @description Created: `token` is the secret (`Authorization: Bearer`) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/api-tokens/cm1apit0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "name": "laptop",
                     *       "last_used_at": "2026-11-27T09:12:00.000Z",
                     *       "expires_at": null,
                     *       "revoked_at": null,
                     *       "status": "active",
                     *       "token": "hcapi_…"
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        name: string;
                        /** @description ISO 8601 time, or null */
                        last_used_at: string | null;
                        /** @description ISO 8601 time, or null */
                        expires_at: string | null;
                        /** @description ISO 8601 time, or null */
                        revoked_at: string | null;
                        /** @enum {string} */
                        status: "active" | "expired" | "revoked";
                        /** @description The secret (`Authorization: Bearer`): shown in this answer only */
                        token: string;
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    "api-tokens_get_api_tokens_id": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The API token */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/api-tokens/cm1apit0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "name": "laptop",
                     *       "last_used_at": "2026-11-27T09:12:00.000Z",
                     *       "expires_at": null,
                     *       "revoked_at": null,
                     *       "status": "active"
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        name: string;
                        /** @description ISO 8601 time, or null */
                        last_used_at: string | null;
                        /** @description ISO 8601 time, or null */
                        expires_at: string | null;
                        /** @description ISO 8601 time, or null */
                        revoked_at: string | null;
                        /** @enum {string} */
                        status: "active" | "expired" | "revoked";
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    "api-tokens_post_api_tokens_id_revoke": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/api-tokens/cm1apit0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "name": "laptop",
                     *       "last_used_at": "2026-11-27T09:12:00.000Z",
                     *       "expires_at": null,
                     *       "revoked_at": null,
                     *       "status": "active"
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        name: string;
                        /** @description ISO 8601 time, or null */
                        last_used_at: string | null;
                        /** @description ISO 8601 time, or null */
                        expires_at: string | null;
                        /** @description ISO 8601 time, or null */
                        revoked_at: string | null;
                        /** @enum {string} */
                        status: "active" | "expired" | "revoked";
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    cache_get_distributions_hugging_face_hugging_face_id_cache: {
        parameters: {
            query?: {
                /** @description Only this repo */
                repo?: string;
                /** @description Only this type: model, dataset or space */
                repo_type?: string;
                /** @description Page size (1-1000, default 100) */
                limit?: number;
                /** @description Items to skip */
                offset?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of cached repos, largest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "count": 1,
                     *       "next": null,
                     *       "previous": null,
                     *       "results": [
                     *         {
                     *           "repo_type": "model",
                     *           "repo": "openai-community/gpt2",
                     *           "files": 12,
                     *           "bytes": 548105171,
                     *           "commits": 1,
                     *           "revisions": [
                     *             {
                     *               "revision": "main",
                     *               "commit": "607a30d783dfa663caf39e06633721c8d4cfcd7e",
                     *               "fetched_at": "2026-11-26T14:03:12.000Z"
                     *             }
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        count: number;
                        next: string | null;
                        previous: string | null;
                        results: {
                            /** @enum {string} */
                            repo_type: "model" | "dataset" | "space";
                            repo: string;
                            files: number;
                            bytes: number;
                            commits: number;
                            revisions: {
                                revision: string;
                                commit: string;
                                /** @description ISO 8601 time */
                                fetched_at: string;
                            }[];
                        }[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    cache_get_distributions_hugging_face_hugging_face_id_cache_files: {
        parameters: {
            query: {
                /** @description The repo (required) */
                repo: string;
                /** @description model (default), dataset or space */
                repo_type?: string;
                /** @description A commit, or a branch or tag the cache has resolved */
                revision?: string;
                /** @description Page size (1-1000, default 100) */
                limit?: number;
                /** @description Items to skip */
                offset?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of cached files */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "count": 1,
                     *       "next": null,
                     *       "previous": null,
                     *       "results": [
                     *         {
                     *           "repo_type": "model",
                     *           "repo": "openai-community/gpt2",
                     *           "commit": "607a30d783dfa663caf39e06633721c8d4cfcd7e",
                     *           "path": "model.safetensors",
                     *           "size": 548105171,
                     *           "lfs": true,
                     *           "hits": 41,
                     *           "cached_at": "2026-11-26T14:03:12.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        count: number;
                        next: string | null;
                        previous: string | null;
                        results: {
                            /** @enum {string} */
                            repo_type: "model" | "dataset" | "space";
                            repo: string;
                            commit: string;
                            path: string;
                            size: number;
                            lfs: boolean;
                            /** @description Downloads served from the cache */
                            hits: number;
                            /** @description ISO 8601 time */
                            cached_at: string;
                        }[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    cache_post_distributions_hugging_face_hugging_face_id_cache_purge: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "repo": "openai-community/gpt2",
                 *       "revision": "main"
                 *     }
                 */
                "application/json": {
                    /** @description A repo id such as openai-community/gpt2 */
                    repo: string;
                    /**
                     * @description Default: model
                     * @enum {string}
                     */
                    repo_type?: "model" | "dataset" | "space";
                    /** @description Purge this revision only: a commit, or a branch or tag the cache has resolved */
                    revision?: string;
                    /** @description Purge this file only (needs `revision`) */
                    path?: string;
                };
            };
        };
        responses: {
            /** @description Queued: the purge job */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "cm0purge00000000000000001",
                     *       "distributionId": "cm0dist000000000000000001",
                     *       "repoType": "model",
                     *       "repoId": "openai-community/gpt2",
                     *       "commit": "607a30d783dfa663caf39e06633721c8d4cfcd7e",
                     *       "path": null,
                     *       "status": "queued",
                     *       "files": 0,
                     *       "blobs": 0,
                     *       "bytes": 0,
                     *       "error": null,
                     *       "requestedBy": "alice",
                     *       "createdAt": "2026-11-28T01:00:00.000Z",
                     *       "updatedAt": "2026-11-28T01:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        distributionId: string;
                        repoType: string;
                        repoId: string;
                        commit: string | null;
                        path: string | null;
                        /** @enum {string} */
                        status: "queued" | "running" | "done" | "failed";
                        files: number;
                        blobs: number;
                        bytes: number;
                        error: string | null;
                        requestedBy: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    cache_post_distributions_hugging_face_hugging_face_id_prefetch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "repo": "openai-community/gpt2",
                 *       "repo_type": "model",
                 *       "revision": "main"
                 *     }
                 */
                "application/json": {
                    /** @description A repo id such as openai-community/gpt2 */
                    repo: string;
                    /**
                     * @description Default: model
                     * @enum {string}
                     */
                    repo_type?: "model" | "dataset" | "space";
                    /** @description A branch, tag or commit; default: main */
                    revision?: string;
                };
            };
        };
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "task": "/pulp/api/v3/tasks/cm1task0000000000000000/"
                     *     }
                     */
                    "application/json": {
                        /** @description The task's pulp_href */
                        task: string;
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    tasks_get_tasks: {
        parameters: {
            query?: {
                /** @description Only this distribution's (pulp_href or id) */
                distribution?: string;
                /** @description Only in this state: waiting, running, completed, failed, canceled */
                state?: string;
                /** @description Page size (1-1000, default 100) */
                limit?: number;
                /** @description Items to skip */
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of tasks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "count": 1,
                     *       "next": null,
                     *       "previous": null,
                     *       "results": [
                     *         {
                     *           "pulp_href": "/pulp/api/v3/tasks/cm1task0000000000000000/",
                     *           "pulp_created": "2026-11-26T14:03:12.000Z",
                     *           "pulp_last_updated": "2026-11-26T14:03:12.000Z",
                     *           "name": "hubcache.prefetch",
                     *           "state": "running",
                     *           "distribution": "/pulp/api/v3/distributions/hugging_face/hugging-face/cm1dist0000000000000000/",
                     *           "repo_type": "model",
                     *           "repo": "openai-community/gpt2",
                     *           "revision": "main",
                     *           "commit": "607a30d783dfa663caf39e06633721c8d4cfcd7e",
                     *           "requested_by": "alice",
                     *           "progress_reports": [
                     *             {
                     *               "message": "Fetching files",
                     *               "code": "prefetch.files",
                     *               "state": "running",
                     *               "total": 12,
                     *               "done": 5
                     *             },
                     *             {
                     *               "message": "Fetching bytes",
                     *               "code": "prefetch.bytes",
                     *               "state": "running",
                     *               "total": 548105171,
                     *               "done": 1048576
                     *             }
                     *           ],
                     *           "error": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        count: number;
                        next: string | null;
                        previous: string | null;
                        results: {
                            /** @description The object's URL path: use it to read, change or delete it */
                            pulp_href: string;
                            /** @description ISO 8601 time */
                            pulp_created: string;
                            /** @description ISO 8601 time */
                            pulp_last_updated: string;
                            /** @constant */
                            name: "hubcache.prefetch";
                            /** @enum {string} */
                            state: "waiting" | "running" | "completed" | "failed" | "canceled";
                            /** @description The distribution's pulp_href */
                            distribution: string;
                            /** @enum {string} */
                            repo_type: "model" | "dataset" | "space";
                            repo: string;
                            revision: string;
                            /** @description What the revision resolved to, once known */
                            commit: string | null;
                            requested_by: string;
                            progress_reports: {
                                message: string;
                                /** @enum {string} */
                                code: "prefetch.files" | "prefetch.bytes";
                                /** @enum {string} */
                                state: "waiting" | "running" | "completed" | "failed" | "canceled";
                                total: number;
                                done: number;
                            }[];
                            error: {
                                description: string;
                            } | null;
                        }[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    tasks_get_tasks_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/tasks/cm1task0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "pulp_last_updated": "2026-11-26T14:03:12.000Z",
                     *       "name": "hubcache.prefetch",
                     *       "state": "running",
                     *       "distribution": "/pulp/api/v3/distributions/hugging_face/hugging-face/cm1dist0000000000000000/",
                     *       "repo_type": "model",
                     *       "repo": "openai-community/gpt2",
                     *       "revision": "main",
                     *       "commit": "607a30d783dfa663caf39e06633721c8d4cfcd7e",
                     *       "requested_by": "alice",
                     *       "progress_reports": [
                     *         {
                     *           "message": "Fetching files",
                     *           "code": "prefetch.files",
                     *           "state": "running",
                     *           "total": 12,
                     *           "done": 5
                     *         },
                     *         {
                     *           "message": "Fetching bytes",
                     *           "code": "prefetch.bytes",
                     *           "state": "running",
                     *           "total": 548105171,
                     *           "done": 1048576
                     *         }
                     *       ],
                     *       "error": null
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        /** @description ISO 8601 time */
                        pulp_last_updated: string;
                        /** @constant */
                        name: "hubcache.prefetch";
                        /** @enum {string} */
                        state: "waiting" | "running" | "completed" | "failed" | "canceled";
                        /** @description The distribution's pulp_href */
                        distribution: string;
                        /** @enum {string} */
                        repo_type: "model" | "dataset" | "space";
                        repo: string;
                        revision: string;
                        /** @description What the revision resolved to, once known */
                        commit: string | null;
                        requested_by: string;
                        progress_reports: {
                            message: string;
                            /** @enum {string} */
                            code: "prefetch.files" | "prefetch.bytes";
                            /** @enum {string} */
                            state: "waiting" | "running" | "completed" | "failed" | "canceled";
                            total: number;
                            done: number;
                        }[];
                        error: {
                            description: string;
                        } | null;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    tasks_patch_tasks_id: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "state": "canceled"
                 *     }
                 */
                "application/json": {
                    /** @constant */
                    state: "canceled";
                };
            };
        };
        responses: {
            /** @description Canceled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pulp_href": "/pulp/api/v3/tasks/cm1task0000000000000000/",
                     *       "pulp_created": "2026-11-26T14:03:12.000Z",
                     *       "pulp_last_updated": "2026-11-26T14:03:12.000Z",
                     *       "name": "hubcache.prefetch",
                     *       "state": "canceled",
                     *       "distribution": "/pulp/api/v3/distributions/hugging_face/hugging-face/cm1dist0000000000000000/",
                     *       "repo_type": "model",
                     *       "repo": "openai-community/gpt2",
                     *       "revision": "main",
                     *       "commit": "607a30d783dfa663caf39e06633721c8d4cfcd7e",
                     *       "requested_by": "alice",
                     *       "progress_reports": [
                     *         {
                     *           "message": "Fetching files",
                     *           "code": "prefetch.files",
                     *           "state": "running",
                     *           "total": 12,
                     *           "done": 5
                     *         },
                     *         {
                     *           "message": "Fetching bytes",
                     *           "code": "prefetch.bytes",
                     *           "state": "running",
                     *           "total": 548105171,
                     *           "done": 1048576
                     *         }
                     *       ],
                     *       "error": null
                     *     }
                     */
                    "application/json": {
                        /** @description The object's URL path: use it to read, change or delete it */
                        pulp_href: string;
                        /** @description ISO 8601 time */
                        pulp_created: string;
                        /** @description ISO 8601 time */
                        pulp_last_updated: string;
                        /** @constant */
                        name: "hubcache.prefetch";
                        /** @enum {string} */
                        state: "waiting" | "running" | "completed" | "failed" | "canceled";
                        /** @description The distribution's pulp_href */
                        distribution: string;
                        /** @enum {string} */
                        repo_type: "model" | "dataset" | "space";
                        repo: string;
                        revision: string;
                        /** @description What the revision resolved to, once known */
                        commit: string | null;
                        requested_by: string;
                        progress_reports: {
                            message: string;
                            /** @enum {string} */
                            code: "prefetch.files" | "prefetch.bytes";
                            /** @enum {string} */
                            state: "waiting" | "running" | "completed" | "failed" | "canceled";
                            total: number;
                            done: number;
                        }[];
                        error: {
                            description: string;
                        } | null;
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description The task has already finished */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    usage_get_usage: {
        parameters: {
            query?: {
                /** @description Only this team (slug or id) */
                team?: string;
                /** @description Days back from today, 1-90 (default 14) */
                days?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The figures */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "since": "2026-11-13T00:00:00.000Z",
                     *       "totals": {
                     *         "requests": 120,
                     *         "hits": 90,
                     *         "misses": 10,
                     *         "hit_ratio": 0.9,
                     *         "bytes_from_cache": 4000000000,
                     *         "bytes_from_upstream": 550000000
                     *       },
                     *       "daily": [
                     *         {
                     *           "day": "2026-11-26",
                     *           "requests": 120,
                     *           "hits": 90,
                     *           "misses": 10,
                     *           "hit_ratio": 0.9,
                     *           "bytes_from_cache": 4000000000,
                     *           "bytes_from_upstream": 550000000
                     *         }
                     *       ],
                     *       "distributions": [
                     *         {
                     *           "distribution": "/pulp/api/v3/distributions/hugging_face/hugging-face/cm1dist0000000000000000/",
                     *           "name": "hf-proxy",
                     *           "requests": 120,
                     *           "hits": 90,
                     *           "misses": 10,
                     *           "hit_ratio": 0.9,
                     *           "bytes_from_cache": 4000000000,
                     *           "bytes_from_upstream": 550000000
                     *         }
                     *       ],
                     *       "storage_by_team": [
                     *         {
                     *           "team": "Research",
                     *           "bytes": 548105171,
                     *           "files": 12
                     *         }
                     *       ],
                     *       "top_repos": [
                     *         {
                     *           "repo_type": "model",
                     *           "repo": "openai-community/gpt2",
                     *           "bytes": 548105171,
                     *           "files": 12
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** @description ISO 8601 time */
                        since: string;
                        totals: {
                            requests: number;
                            hits: number;
                            misses: number;
                            /** @description hits / (hits + misses); null before any download */
                            hit_ratio: number | null;
                            bytes_from_cache: number;
                            bytes_from_upstream: number;
                        };
                        daily: {
                            requests: number;
                            hits: number;
                            misses: number;
                            /** @description hits / (hits + misses); null before any download */
                            hit_ratio: number | null;
                            bytes_from_cache: number;
                            bytes_from_upstream: number;
                            /** @description YYYY-MM-DD (UTC) */
                            day: string;
                        }[];
                        distributions: {
                            requests: number;
                            hits: number;
                            misses: number;
                            /** @description hits / (hits + misses); null before any download */
                            hit_ratio: number | null;
                            bytes_from_cache: number;
                            bytes_from_upstream: number;
                            distribution: string;
                            name: string;
                        }[];
                        storage_by_team: {
                            team: string;
                            bytes: number;
                            files: number;
                        }[];
                        top_repos: {
                            repo_type: string;
                            repo: string;
                            bytes: number;
                            files: number;
                        }[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    audit_get_audit: {
        parameters: {
            query?: {
                /** @description Only this team (slug or id) */
                team?: string;
                /** @description Only events at or after this time (ISO 8601 or YYYY-MM-DD) */
                since?: string;
                /** @description Only events before this time */
                until?: string;
                /** @description Page size (1-500, default 100) */
                limit?: number;
                /** @description Items to skip */
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "count": 1,
                     *       "next": null,
                     *       "previous": null,
                     *       "results": [
                     *         {
                     *           "id": "cm1audt0000000000000000",
                     *           "team": "Research",
                     *           "actor": "alice",
                     *           "action": "distribution.create",
                     *           "target": "models",
                     *           "detail": {
                     *             "basePath": "research/models"
                     *           },
                     *           "created_at": "2026-11-26T14:03:12.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        count: number;
                        next: string | null;
                        previous: string | null;
                        results: {
                            id: string;
                            team: string | null;
                            actor: string;
                            action: string;
                            target: string;
                            detail: {
                                [key: string]: unknown;
                            };
                            /** @description ISO 8601 time */
                            created_at: string;
                        }[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    status_get_status: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "database": {
                     *         "online": true
                     *       },
                     *       "content_servers": [
                     *         {
                     *           "id": "3f9a1c2b7d4e5f60",
                     *           "url": "http://10.0.0.5:8080",
                     *           "online": true,
                     *           "latency_ms": null,
                     *           "version": "0.1.0",
                     *           "heartbeat_at": "2026-11-28T01:00:00.000Z",
                     *           "fills_in_flight": 1,
                     *           "cache_max_bytes": 536870912000,
                     *           "upstreams": {
                     *             "https://huggingface.co": "online"
                     *           }
                     *         }
                     *       ],
                     *       "usage": {
                     *         "days": 14,
                     *         "requests": 120,
                     *         "hits": 90,
                     *         "misses": 10,
                     *         "hit_ratio": 0.9,
                     *         "bytes_from_cache": 4000000000,
                     *         "bytes_from_upstream": 550000000
                     *       },
                     *       "storage": {
                     *         "bytes": 548105171,
                     *         "files": 12
                     *       },
                     *       "tasks": {
                     *         "waiting": 0,
                     *         "running": 1
                     *       }
                     *     }
                     */
                    "application/json": {
                        database: {
                            online: boolean;
                        };
                        content_servers: {
                            id: string | null;
                            url: string | null;
                            online: boolean;
                            latency_ms: number | null;
                            version: string | null;
                            heartbeat_at: string | null;
                            fills_in_flight: number | null;
                            cache_max_bytes: number | null;
                            upstreams: {
                                [key: string]: "online" | "offline";
                            };
                        }[];
                        usage: {
                            requests: number;
                            hits: number;
                            misses: number;
                            /** @description hits / (hits + misses); null before any download */
                            hit_ratio: number | null;
                            bytes_from_cache: number;
                            bytes_from_upstream: number;
                            days: number;
                        };
                        storage: {
                            bytes: number;
                            files: number;
                        };
                        tasks: {
                            waiting: number;
                            running: number;
                        };
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    storage_get_hubcache_storage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Instance storage */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "storedBytes": 548000000,
                     *       "limitBytes": 10000000000,
                     *       "teams": [
                     *         {
                     *           "teamId": "cm0team000000000000000001",
                     *           "slug": "ml-platform",
                     *           "usedBytes": 548000000,
                     *           "quotaBytes": 1000000000
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        storedBytes: number;
                        limitBytes: number | null;
                        teams: {
                            teamId: string;
                            slug: string;
                            usedBytes: number;
                            quotaBytes: number | null;
                        }[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    storage_get_hubcache_teams_team_storage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                team: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Team storage */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "teamId": "cm0team000000000000000001",
                     *       "slug": "ml-platform",
                     *       "usedBytes": 548000000,
                     *       "quotaBytes": 1000000000,
                     *       "retentionDays": 30,
                     *       "pinnedBytes": 548000000,
                     *       "pins": [
                     *         {
                     *           "id": "cm0pin0000000000000000001",
                     *           "remoteId": "cm0remote0000000000000001",
                     *           "remoteName": "hf",
                     *           "repoType": "model",
                     *           "repoId": "gpt2",
                     *           "commit": null,
                     *           "path": null,
                     *           "createdBy": "alice",
                     *           "createdAt": "2026-11-28T01:00:00.000Z"
                     *         }
                     *       ],
                     *       "largestRepos": [
                     *         {
                     *           "remoteId": "cm0remote0000000000000001",
                     *           "repoType": "model",
                     *           "repoId": "gpt2",
                     *           "files": 3,
                     *           "bytes": 548000000
                     *         }
                     *       ],
                     *       "recentEvictions": []
                     *     }
                     */
                    "application/json": {
                        teamId: string;
                        slug: string;
                        usedBytes: number;
                        quotaBytes: number | null;
                        retentionDays: number | null;
                        pinnedBytes: number;
                        pins: {
                            id: string;
                            remoteId: string;
                            remoteName: string;
                            repoType: string;
                            repoId: string;
                            commit: string | null;
                            path: string | null;
                            createdBy: string;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                        largestRepos: {
                            remoteId: string;
                            repoType: string;
                            repoId: string;
                            files: number;
                            bytes: number;
                        }[];
                        recentEvictions: {
                            repoType: string;
                            repoId: string;
                            commit: string;
                            path: string;
                            size: number;
                            reason: string;
                            /** Format: date-time */
                            at: string;
                        }[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    storage_patch_hubcache_teams_team_storage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                team: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "quotaBytes": 1000000000,
                 *       "retentionDays": 30
                 *     }
                 */
                "application/json": {
                    quotaBytes?: number | null;
                    retentionDays?: number | null;
                };
            };
        };
        responses: {
            /** @description Team storage */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "teamId": "cm0team000000000000000001",
                     *       "slug": "ml-platform",
                     *       "usedBytes": 548000000,
                     *       "quotaBytes": 1000000000,
                     *       "retentionDays": 30,
                     *       "pinnedBytes": 548000000,
                     *       "pins": [
                     *         {
                     *           "id": "cm0pin0000000000000000001",
                     *           "remoteId": "cm0remote0000000000000001",
                     *           "remoteName": "hf",
                     *           "repoType": "model",
                     *           "repoId": "gpt2",
                     *           "commit": null,
                     *           "path": null,
                     *           "createdBy": "alice",
                     *           "createdAt": "2026-11-28T01:00:00.000Z"
                     *         }
                     *       ],
                     *       "largestRepos": [
                     *         {
                     *           "remoteId": "cm0remote0000000000000001",
                     *           "repoType": "model",
                     *           "repoId": "gpt2",
                     *           "files": 3,
                     *           "bytes": 548000000
                     *         }
                     *       ],
                     *       "recentEvictions": []
                     *     }
                     */
                    "application/json": {
                        teamId: string;
                        slug: string;
                        usedBytes: number;
                        quotaBytes: number | null;
                        retentionDays: number | null;
                        pinnedBytes: number;
                        pins: {
                            id: string;
                            remoteId: string;
                            remoteName: string;
                            repoType: string;
                            repoId: string;
                            commit: string | null;
                            path: string | null;
                            createdBy: string;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                        largestRepos: {
                            remoteId: string;
                            repoType: string;
                            repoId: string;
                            files: number;
                            bytes: number;
                        }[];
                        recentEvictions: {
                            repoType: string;
                            repoId: string;
                            commit: string;
                            path: string;
                            size: number;
                            reason: string;
                            /** Format: date-time */
                            at: string;
                        }[];
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    storage_get_hubcache_distributions_id_pins: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Pins */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "results": [
                     *         {
                     *           "id": "cm0pin0000000000000000001",
                     *           "distributionId": "cm0dist000000000000000001",
                     *           "repoType": "model",
                     *           "repoId": "openai-community/gpt2",
                     *           "commit": null,
                     *           "path": null,
                     *           "createdBy": "alice",
                     *           "createdAt": "2026-11-28T01:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        results: {
                            id: string;
                            distributionId: string;
                            repoType: string;
                            repoId: string;
                            commit: string | null;
                            path: string | null;
                            createdBy: string;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    storage_post_hubcache_distributions_id_pins: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "repoType": "model",
                 *       "repoId": "openai-community/gpt2",
                 *       "revision": "main",
                 *       "path": "onnx/"
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    repoType?: "model" | "dataset" | "space";
                    repoId: string;
                    /** @description A commit, or a branch or tag the cache has resolved */
                    revision?: string;
                    /** @description A file or a folder of the repo, e.g. onnx/ */
                    path?: string;
                };
            };
        };
        responses: {
            /** @description The pin */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "cm0pin0000000000000000001",
                     *       "distributionId": "cm0dist000000000000000001",
                     *       "repoType": "model",
                     *       "repoId": "openai-community/gpt2",
                     *       "commit": "607a30d783dfa663caf39e06633721c8d4cfcd7e",
                     *       "path": "onnx",
                     *       "createdBy": "alice",
                     *       "createdAt": "2026-11-28T01:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        distributionId: string;
                        repoType: string;
                        repoId: string;
                        commit: string | null;
                        path: string | null;
                        createdBy: string;
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    storage_delete_hubcache_distributions_id_pins_pin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                pin: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Unpinned */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    storage_get_hubcache_distributions_id_purges: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Purge jobs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "results": [
                     *         {
                     *           "id": "cm0purge00000000000000001",
                     *           "distributionId": "cm0dist000000000000000001",
                     *           "repoType": "model",
                     *           "repoId": "openai-community/gpt2",
                     *           "commit": null,
                     *           "path": null,
                     *           "status": "queued",
                     *           "files": 0,
                     *           "blobs": 0,
                     *           "bytes": 0,
                     *           "error": null,
                     *           "requestedBy": "alice",
                     *           "createdAt": "2026-11-28T01:00:00.000Z",
                     *           "updatedAt": "2026-11-28T01:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        results: {
                            id: string;
                            distributionId: string;
                            repoType: string;
                            repoId: string;
                            commit: string | null;
                            path: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "done" | "failed";
                            files: number;
                            blobs: number;
                            bytes: number;
                            error: string | null;
                            requestedBy: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    storage_post_hubcache_distributions_id_purges: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "repoType": "model",
                 *       "repoId": "openai-community/gpt2"
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    repoType: "model" | "dataset" | "space";
                    repoId: string;
                    commit?: string;
                    path?: string;
                };
            };
        };
        responses: {
            /** @description The queued purge */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "cm0purge00000000000000001",
                     *       "distributionId": "cm0dist000000000000000001",
                     *       "repoType": "model",
                     *       "repoId": "openai-community/gpt2",
                     *       "commit": null,
                     *       "path": null,
                     *       "status": "queued",
                     *       "files": 0,
                     *       "blobs": 0,
                     *       "bytes": 0,
                     *       "error": null,
                     *       "requestedBy": "alice",
                     *       "createdAt": "2026-11-28T01:00:00.000Z",
                     *       "updatedAt": "2026-11-28T01:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        distributionId: string;
                        repoType: string;
                        repoId: string;
                        commit: string | null;
                        path: string | null;
                        /** @enum {string} */
                        status: "queued" | "running" | "done" | "failed";
                        files: number;
                        blobs: number;
                        bytes: number;
                        error: string | null;
                        requestedBy: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: a message per field, or `detail` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description No valid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description A member's attempt to change what only admins and owners may */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Not found, or not yours to see */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detail?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
}
type FlattenedDeepRequired<T> = {
    [K in keyof T]-?: FlattenedDeepRequired<T[K] extends unknown[] | undefined | null ? Extract<T[K], unknown[]>[number] : T[K]>;
};
type ReadonlyArray<T> = [
    Exclude<T, undefined>
] extends [
    unknown[]
] ? Readonly<Exclude<T, undefined>> : Readonly<Exclude<T, undefined>[]>;
export const pathsPulpApiV3RemotesHugging_faceHuggingFaceGetResponses200ContentApplicationJsonResultsPolicyValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/remotes/hugging_face/hugging-face/"]["get"]["responses"]["200"]["content"]["application/json"]["results"]["policy"]> = ["on_demand", "streamed", "immediate"];
export const pathsPulpApiV3RemotesHugging_faceHuggingFacePostResponses201ContentApplicationJsonPolicyValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/remotes/hugging_face/hugging-face/"]["post"]["responses"]["201"]["content"]["application/json"]["policy"]> = ["on_demand", "streamed", "immediate"];
export const pathsPulpApiV3RemotesHugging_faceHuggingFaceIdGetResponses200ContentApplicationJsonPolicyValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/remotes/hugging_face/hugging-face/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]["policy"]> = ["on_demand", "streamed", "immediate"];
export const pathsPulpApiV3RemotesHugging_faceHuggingFaceIdPutResponses200ContentApplicationJsonPolicyValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/remotes/hugging_face/hugging-face/{id}/"]["put"]["responses"]["200"]["content"]["application/json"]["policy"]> = ["on_demand", "streamed", "immediate"];
export const pathsPulpApiV3RemotesHugging_faceHuggingFaceIdPatchResponses200ContentApplicationJsonPolicyValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/remotes/hugging_face/hugging-face/{id}/"]["patch"]["responses"]["200"]["content"]["application/json"]["policy"]> = ["on_demand", "streamed", "immediate"];
export const pathsPulpApiV3TeamsGetResponses200ContentApplicationJsonResultsRoleValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/teams/"]["get"]["responses"]["200"]["content"]["application/json"]["results"]["role"]> = ["owner", "admin", "member"];
export const pathsPulpApiV3TeamsPostResponses201ContentApplicationJsonRoleValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/teams/"]["post"]["responses"]["201"]["content"]["application/json"]["role"]> = ["owner", "admin", "member"];
export const pathsPulpApiV3TeamsIdGetResponses200ContentApplicationJsonRoleValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/teams/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]["role"]> = ["owner", "admin", "member"];
export const pathsPulpApiV3TeamsIdPatchResponses200ContentApplicationJsonRoleValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/teams/{id}/"]["patch"]["responses"]["200"]["content"]["application/json"]["role"]> = ["owner", "admin", "member"];
export const pathsPulpApiV3TeamsIdMembersGetResponses200ContentApplicationJsonResultsRoleValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/teams/{id}/members/"]["get"]["responses"]["200"]["content"]["application/json"]["results"]["role"]> = ["owner", "admin", "member"];
export const pathsPulpApiV3TeamsIdMembersPostRequestBodyContentApplicationJsonRoleValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/teams/{id}/members/"]["post"]["requestBody"]["content"]["application/json"]["role"]> = ["owner", "admin", "member"];
export const pathsPulpApiV3TeamsIdMembersPostResponses201ContentApplicationJsonRoleValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/teams/{id}/members/"]["post"]["responses"]["201"]["content"]["application/json"]["role"]> = ["owner", "admin", "member"];
export const pathsPulpApiV3TeamsIdMembersUser_idPatchRequestBodyContentApplicationJsonRoleValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/teams/{id}/members/{user_id}/"]["patch"]["requestBody"]["content"]["application/json"]["role"]> = ["owner", "admin", "member"];
export const pathsPulpApiV3TeamsIdMembersUser_idPatchResponses200ContentApplicationJsonRoleValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/teams/{id}/members/{user_id}/"]["patch"]["responses"]["200"]["content"]["application/json"]["role"]> = ["owner", "admin", "member"];
export const pathsPulpApiV3UsersMeGetResponses200ContentApplicationJsonTeamsRoleValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/users/me/"]["get"]["responses"]["200"]["content"]["application/json"]["teams"]["role"]> = ["owner", "admin", "member"];
export const pathsPulpApiV3TokensGetResponses200ContentApplicationJsonResultsStatusValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/tokens/"]["get"]["responses"]["200"]["content"]["application/json"]["results"]["status"]> = ["active", "expired", "revoked"];
export const pathsPulpApiV3TokensPostResponses201ContentApplicationJsonStatusValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/tokens/"]["post"]["responses"]["201"]["content"]["application/json"]["status"]> = ["active", "expired", "revoked"];
export const pathsPulpApiV3TokensIdGetResponses200ContentApplicationJsonStatusValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/tokens/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]["status"]> = ["active", "expired", "revoked"];
export const pathsPulpApiV3TokensIdRevokePostResponses200ContentApplicationJsonStatusValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/tokens/{id}/revoke/"]["post"]["responses"]["200"]["content"]["application/json"]["status"]> = ["active", "expired", "revoked"];
export const pathsPulpApiV3ApiTokensGetResponses200ContentApplicationJsonResultsStatusValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/api-tokens/"]["get"]["responses"]["200"]["content"]["application/json"]["results"]["status"]> = ["active", "expired", "revoked"];
export const pathsPulpApiV3ApiTokensPostResponses201ContentApplicationJsonStatusValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/api-tokens/"]["post"]["responses"]["201"]["content"]["application/json"]["status"]> = ["active", "expired", "revoked"];
export const pathsPulpApiV3ApiTokensIdGetResponses200ContentApplicationJsonStatusValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/api-tokens/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]["status"]> = ["active", "expired", "revoked"];
export const pathsPulpApiV3ApiTokensIdRevokePostResponses200ContentApplicationJsonStatusValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/api-tokens/{id}/revoke/"]["post"]["responses"]["200"]["content"]["application/json"]["status"]> = ["active", "expired", "revoked"];
export const pathsPulpApiV3DistributionsHugging_faceHuggingFaceIdCacheGetResponses200ContentApplicationJsonResultsRepo_typeValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/distributions/hugging_face/hugging-face/{id}/cache/"]["get"]["responses"]["200"]["content"]["application/json"]["results"]["repo_type"]> = ["model", "dataset", "space"];
export const pathsPulpApiV3DistributionsHugging_faceHuggingFaceIdCacheFilesGetResponses200ContentApplicationJsonResultsRepo_typeValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/distributions/hugging_face/hugging-face/{id}/cache/files/"]["get"]["responses"]["200"]["content"]["application/json"]["results"]["repo_type"]> = ["model", "dataset", "space"];
export const pathsPulpApiV3DistributionsHugging_faceHuggingFaceIdCachePurgePostRequestBodyContentApplicationJsonRepo_typeValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/distributions/hugging_face/hugging-face/{id}/cache/purge/"]["post"]["requestBody"]["content"]["application/json"]["repo_type"]> = ["model", "dataset", "space"];
export const pathsPulpApiV3DistributionsHugging_faceHuggingFaceIdCachePurgePostResponses202ContentApplicationJsonStatusValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/distributions/hugging_face/hugging-face/{id}/cache/purge/"]["post"]["responses"]["202"]["content"]["application/json"]["status"]> = ["queued", "running", "done", "failed"];
export const pathsPulpApiV3DistributionsHugging_faceHuggingFaceIdPrefetchPostRequestBodyContentApplicationJsonRepo_typeValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/distributions/hugging_face/hugging-face/{id}/prefetch/"]["post"]["requestBody"]["content"]["application/json"]["repo_type"]> = ["model", "dataset", "space"];
export const pathsPulpApiV3TasksGetResponses200ContentApplicationJsonResultsStateValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/tasks/"]["get"]["responses"]["200"]["content"]["application/json"]["results"]["state"]> = ["waiting", "running", "completed", "failed", "canceled"];
export const pathsPulpApiV3TasksGetResponses200ContentApplicationJsonResultsRepo_typeValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/tasks/"]["get"]["responses"]["200"]["content"]["application/json"]["results"]["repo_type"]> = ["model", "dataset", "space"];
export const pathsPulpApiV3TasksGetResponses200ContentApplicationJsonResultsProgress_reportsCodeValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/tasks/"]["get"]["responses"]["200"]["content"]["application/json"]["results"]["progress_reports"]["code"]> = ["prefetch.files", "prefetch.bytes"];
export const pathsPulpApiV3TasksGetResponses200ContentApplicationJsonResultsProgress_reportsStateValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/tasks/"]["get"]["responses"]["200"]["content"]["application/json"]["results"]["progress_reports"]["state"]> = ["waiting", "running", "completed", "failed", "canceled"];
export const pathsPulpApiV3TasksIdGetResponses200ContentApplicationJsonStateValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/tasks/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]["state"]> = ["waiting", "running", "completed", "failed", "canceled"];
export const pathsPulpApiV3TasksIdGetResponses200ContentApplicationJsonRepo_typeValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/tasks/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]["repo_type"]> = ["model", "dataset", "space"];
export const pathsPulpApiV3TasksIdGetResponses200ContentApplicationJsonProgress_reportsCodeValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/tasks/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]["progress_reports"]["code"]> = ["prefetch.files", "prefetch.bytes"];
export const pathsPulpApiV3TasksIdGetResponses200ContentApplicationJsonProgress_reportsStateValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/tasks/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]["progress_reports"]["state"]> = ["waiting", "running", "completed", "failed", "canceled"];
export const pathsPulpApiV3TasksIdPatchResponses200ContentApplicationJsonStateValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/tasks/{id}/"]["patch"]["responses"]["200"]["content"]["application/json"]["state"]> = ["waiting", "running", "completed", "failed", "canceled"];
export const pathsPulpApiV3TasksIdPatchResponses200ContentApplicationJsonRepo_typeValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/tasks/{id}/"]["patch"]["responses"]["200"]["content"]["application/json"]["repo_type"]> = ["model", "dataset", "space"];
export const pathsPulpApiV3TasksIdPatchResponses200ContentApplicationJsonProgress_reportsCodeValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/tasks/{id}/"]["patch"]["responses"]["200"]["content"]["application/json"]["progress_reports"]["code"]> = ["prefetch.files", "prefetch.bytes"];
export const pathsPulpApiV3TasksIdPatchResponses200ContentApplicationJsonProgress_reportsStateValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/tasks/{id}/"]["patch"]["responses"]["200"]["content"]["application/json"]["progress_reports"]["state"]> = ["waiting", "running", "completed", "failed", "canceled"];
export const pathsPulpApiV3StatusGetResponses200ContentApplicationJsonContent_serversUpstreamsValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/status/"]["get"]["responses"]["200"]["content"]["application/json"]["content_servers"]["upstreams"][string]> = ["online", "offline"];
export const pathsPulpApiV3HubcacheDistributionsIdPinsPostRequestBodyContentApplicationJsonRepoTypeValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/hubcache/distributions/{id}/pins/"]["post"]["requestBody"]["content"]["application/json"]["repoType"]> = ["model", "dataset", "space"];
export const pathsPulpApiV3HubcacheDistributionsIdPurgesGetResponses200ContentApplicationJsonResultsStatusValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/hubcache/distributions/{id}/purges/"]["get"]["responses"]["200"]["content"]["application/json"]["results"]["status"]> = ["queued", "running", "done", "failed"];
export const pathsPulpApiV3HubcacheDistributionsIdPurgesPostRequestBodyContentApplicationJsonRepoTypeValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/hubcache/distributions/{id}/purges/"]["post"]["requestBody"]["content"]["application/json"]["repoType"]> = ["model", "dataset", "space"];
export const pathsPulpApiV3HubcacheDistributionsIdPurgesPostResponses201ContentApplicationJsonStatusValues: ReadonlyArray<FlattenedDeepRequired<paths>["/pulp/api/v3/hubcache/distributions/{id}/purges/"]["post"]["responses"]["201"]["content"]["application/json"]["status"]> = ["queued", "running", "done", "failed"];
export const huggingFaceRemotePolicyValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["HuggingFaceRemote"]["policy"]> = ["on_demand", "streamed", "immediate"];
export const patchedHuggingFaceRemotePolicyValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["PatchedHuggingFaceRemote"]["policy"]> = ["on_demand", "streamed", "immediate"];
