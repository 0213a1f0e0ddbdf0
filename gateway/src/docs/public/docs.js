// Swagger UI (loaded before this script) rendering the platform's OpenAPI document.
/* global SwaggerUIBundle */
window.ui = SwaggerUIBundle({
  url: '/api/v1/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // No call to swagger.io's online validator: the document is linted in CI.
  validatorUrl: null,
  displayRequestDuration: true,
  defaultModelsExpandDepth: 0,
});
