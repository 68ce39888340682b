// generated from openapi/ by `npm run generate` — do not edit
export type $Read<T> = {
    readonly $read: T;
};
export type $Write<T> = {
    readonly $write: T;
};
export type Readable<T> = T extends $Write<any> ? never : T extends $Read<infer U> ? Readable<U> : T extends (infer E)[] ? Readable<E>[] : T extends object ? {
    [K in keyof T as NonNullable<T[K]> extends $Write<any> ? never : K]: Readable<T[K]>;
} : T;
export type Writable<T> = T extends $Read<any> ? never : T extends $Write<infer U> ? Writable<U> : T extends (infer E)[] ? Writable<E>[] : T extends object ? {
    [K in keyof T as NonNullable<T[K]> extends $Read<any> ? never : K]: Writable<T[K]>;
} & {
    [K in keyof T as NonNullable<T[K]> extends $Read<any> ? K : never]?: never;
} : T;
export interface paths {
    "/companies/v2/rs/{companyId}/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Identifier of the company the contacts belong to.
                 * @example 42
                 */
                companyId: components["parameters"]["CompanyId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create contacts
         * @description Creates one or more contacts for a company, in the order given.
         */
        post: operations["createContacts"];
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
        /**
         * Contact
         * @description A company contact to create.
         *
         *     Unknown properties are rejected (`additionalProperties: false`): the upstream reference lists
         *     every property the API reads, so an unknown one is almost always a misspelling (`phone` for
         *     `phones`, `mail` for `email`) whose value would otherwise be dropped without a word.
         */
        Contact: {
            /**
             * @description Name of the company contact.
             * @example Company Contact Name
             */
            name: string;
            /**
             * @description Indicates whether the company contact should be notified.
             * @example true
             */
            notify: boolean;
            /**
             * Format: email
             * @description Email of the company contact.
             * @example example@email.com
             */
            email?: string | null;
            /**
             * @description Phones of the company contact.
             * @example [
             *       "phone1",
             *       "phone2"
             *     ]
             */
            phones?: string[];
            /**
             * @description Comment on the company contact.
             * @example Company contact comment
             */
            comment?: string | null;
        };
        /** @description The contacts to create. An empty array creates nothing. */
        CreateContactsRequest: components["schemas"]["Contact"][];
        /** @description Outcome of a successful creation. */
        CreateContactsResult: {
            /**
             * @description The number of inserted elements.
             * @example 1
             */
            nbInsertion: number;
        };
        /**
         * @description This contract's own error body, not documented upstream: an RFC 9457 problem details object.
         *     Every member is optional, and other members may appear. The API gateway in front of the
         *     service answers some errors with only `message`.
         */
        ProblemDetails: {
            /**
             * Format: uri-reference
             * @description A URI reference that identifies the problem type.
             * @example about:blank
             */
            type?: string;
            /**
             * @description A short, human-readable summary of the problem type.
             * @example Unprocessable Entity
             */
            title?: string;
            /**
             * @description The HTTP status code of this occurrence of the problem.
             * @example 422
             */
            status?: number;
            /**
             * @description A human-readable explanation specific to this occurrence of the problem.
             * @example request.body[0].name must NOT have more than 250 characters
             */
            detail?: string;
            /**
             * Format: uri-reference
             * @description A URI reference that identifies this occurrence of the problem.
             * @example /companies/v2/rs/42/contacts
             */
            instance?: string;
            /**
             * @description The error message of the API gateway in front of the service.
             * @example Unauthorized
             */
            message?: string;
        };
    };
    responses: {
        /** @description This contract's own, not documented upstream: the body is not JSON, or not an array. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "about:blank",
                 *       "title": "Bad Request",
                 *       "status": 400,
                 *       "detail": "The request body must be a JSON array of contacts."
                 *     }
                 */
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description This contract's own, not documented upstream: the bearer token or the session token is missing, empty or not valid. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "about:blank",
                 *       "title": "Unauthorized",
                 *       "status": 401,
                 *       "detail": "A valid bearer token and x-session-token are required."
                 *     }
                 */
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description This contract's own, not documented upstream: the body is JSON but breaks a constraint of the request schema. */
        UnprocessableEntity: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "about:blank",
                 *       "title": "Unprocessable Entity",
                 *       "status": 422,
                 *       "detail": "The request body breaks a constraint of the contract."
                 *     }
                 */
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description This contract's own, not documented upstream: too many requests; nothing was processed. Send again after Retry-After. */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "about:blank",
                 *       "title": "Too Many Requests",
                 *       "status": 429,
                 *       "detail": "Slow down and send again after the Retry-After delay."
                 *     }
                 */
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description This contract's own, not documented upstream: the server failed. Whether the contacts were created is unknown, except for a 503 with Retry-After, which means nothing was processed. */
        ServerError: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "about:blank",
                 *       "title": "Internal Server Error",
                 *       "status": 500,
                 *       "detail": "The server failed to complete the request."
                 *     }
                 */
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
    };
    parameters: {
        /**
         * @description Identifier of the company the contacts belong to.
         * @example 42
         */
        CompanyId: string;
        /**
         * @description Session token used for authenticating the request.
         * @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VySWQiOiIxMjM0NTY3ODkwIiwic2Vzc2lvbklkIjoiYWJjZGVmMTIzNDU2IiwiaWF0IjoxNjA1MDk3ODk5LCJleHAiOjE2MDUxODQyOTl9.4XRQ1iXDyvEj5LgPZHbmTmzOZs98M3YPOzgf3MhxjaI
         */
        SessionToken: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description This contract's own, not documented upstream: how long to wait before sending again, in
         *     seconds or as an HTTP date.
         */
        RetryAfter: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    createContacts: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Session token used for authenticating the request.
                 * @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VySWQiOiIxMjM0NTY3ODkwIiwic2Vzc2lvbklkIjoiYWJjZGVmMTIzNDU2IiwiaWF0IjoxNjA1MDk3ODk5LCJleHAiOjE2MDUxODQyOTl9.4XRQ1iXDyvEj5LgPZHbmTmzOZs98M3YPOzgf3MhxjaI
                 */
                "x-session-token": components["parameters"]["SessionToken"];
            };
            path: {
                /**
                 * @description Identifier of the company the contacts belong to.
                 * @example 42
                 */
                companyId: components["parameters"]["CompanyId"];
            };
            cookie?: never;
        };
        /** @description The contacts to create. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateContactsRequest"];
            };
        };
        responses: {
            /** @description Contacts created successfully */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateContactsResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            "5XX": components["responses"]["ServerError"];
        };
    };
}
