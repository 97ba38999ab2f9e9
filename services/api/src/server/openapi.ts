// Plain REST routes and an OpenAPI document for the main read and write
// procedures, for integrations that do not speak tRPC. The procedures are
// the same ones (same validation, access rules and errors); only the
// envelope differs: JSON in and out, dates as ISO strings, no superjson.
import { generateOpenApiDocument } from 'trpc-to-openapi';
import { appRouter } from '../routers/index.ts';

/** Where the REST routes are mounted. */
export const REST_PREFIX = '/api';

export function openApiDocument(version: string) {
  return generateOpenApiDocument(appRouter, {
    title: 'Canopy API',
    description:
      'Carbon and training data for one member, through plain JSON. Every route needs a Keycloak access token (Authorization: Bearer …) unless marked otherwise. The typed tRPC client (@canopy/client) reaches every procedure; these routes cover the ones integrations need most.',
    version,
    baseUrl: REST_PREFIX,
    tags: ['carbon', 'training', 'goals', 'me'],
    securitySchemes: {
      Authorization: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: "An access token from Canopy's Keycloak realm",
      },
    },
  });
}
