/**
 * The part of the Cloud DNS API v1 a DNS-01 client uses, written as OpenAPI 3.0 from Google's
 * published discovery document (https://dns.googleapis.com/$discovery/rest?version=v1): the
 * methods managedZones.list, resourceRecordSets.list, changes.create and changes.get, with their
 * query parameters and the Change / ResourceRecordSet schemas (fields a client may send).
 */
const rrset = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['dns#resourceRecordSet'] },
    name: { type: 'string', pattern: '\\.$' },
    type: { type: 'string' },
    ttl: { type: 'integer', minimum: 0 },
    rrdatas: { type: 'array', items: { type: 'string' } },
    signatureRrdatas: { type: 'array', items: { type: 'string' } },
    routingPolicy: { type: 'object' },
  },
  required: ['name', 'type', 'rrdatas'],
};
const change = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['dns#change'] },
    additions: { type: 'array', items: { $ref: '#/components/schemas/ResourceRecordSet' } },
    deletions: { type: 'array', items: { $ref: '#/components/schemas/ResourceRecordSet' } },
    id: { type: 'string' },
    startTime: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'done'] },
    isServing: { type: 'boolean' },
  },
};
const path = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const query = (name: string, type = 'string') => ({ name, in: 'query', schema: { type } });
const standard = [query('alt'), query('fields'), query('prettyPrint', 'boolean'), query('quotaUser')];
const ok = (ref?: string) => ({
  200: ref
    ? { description: 'ok', content: { 'application/json': { schema: { $ref: ref } } } }
    : { description: 'ok' },
});

export const googleDnsSpec = {
  openapi: '3.0.3',
  info: { title: 'Cloud DNS API (subset)', version: 'v1' },
  paths: {
    '/dns/v1/projects/{project}/managedZones': {
      get: {
        operationId: 'dns.managedZones.list',
        parameters: [
          path('project'),
          query('dnsName'),
          query('maxResults', 'integer'),
          query('pageToken'),
          ...standard,
        ],
        responses: ok(),
      },
    },
    '/dns/v1/projects/{project}/managedZones/{managedZone}/rrsets': {
      get: {
        operationId: 'dns.resourceRecordSets.list',
        parameters: [
          path('project'),
          path('managedZone'),
          query('name'),
          query('type'),
          query('maxResults', 'integer'),
          query('pageToken'),
          ...standard,
        ],
        responses: ok(),
      },
    },
    '/dns/v1/projects/{project}/managedZones/{managedZone}/changes': {
      post: {
        operationId: 'dns.changes.create',
        parameters: [path('project'), path('managedZone'), query('clientOperationId'), ...standard],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Change' } } },
        },
        responses: ok('#/components/schemas/Change'),
      },
    },
    '/dns/v1/projects/{project}/managedZones/{managedZone}/changes/{changeId}': {
      get: {
        operationId: 'dns.changes.get',
        parameters: [
          path('project'),
          path('managedZone'),
          path('changeId'),
          query('clientOperationId'),
          ...standard,
        ],
        responses: ok('#/components/schemas/Change'),
      },
    },
  },
  components: { schemas: { ResourceRecordSet: rrset, Change: change } },
};
