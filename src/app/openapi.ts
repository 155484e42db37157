import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { packageVersion } from '../common/package-info.js';

/** OpenAPI document at /api/docs-json and its browsable form at /api/docs. */
export function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('fedwatch')
      .setDescription(
        'REST API of fedwatch: accounting, federation publishing, service discovery and cluster health ' +
          'of a federated research-cloud site. Send `Authorization: Bearer <token>` when API tokens are ' +
          'configured; endpoints that change state need a token with the admin role.',
      )
      .setVersion(packageVersion)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
