/**
 * The part of the Azure DNS management API (Microsoft.Network, api-version 2018-05-01) a DNS-01
 * client uses, written as OpenAPI 3.0 from Microsoft's published description (azure-rest-api-specs,
 * specification/dns/resource-manager/Microsoft.Network/stable/2018-05-01/dns.json): Zones_List,
 * Zones_ListByResourceGroup, RecordSets_Get, RecordSets_CreateOrUpdate and RecordSets_Delete, with
 * the RecordSet body a client may send.
 */
const path = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const apiVersion = {
  name: 'api-version',
  in: 'query',
  required: true,
  schema: { type: 'string', enum: ['2018-05-01'] },
};
const top = { name: '$top', in: 'query', schema: { type: 'integer' } };
const skipToken = { name: '$skiptoken', in: 'query', schema: { type: 'string' } };
const recordType = {
  name: 'recordType',
  in: 'path',
  required: true,
  schema: { type: 'string', enum: ['A', 'AAAA', 'CAA', 'CNAME', 'MX', 'NS', 'PTR', 'SOA', 'SRV', 'TXT'] },
};
const recordPath = [
  path('resourceGroupName'),
  path('zoneName'),
  recordType,
  path('relativeRecordSetName'),
  path('subscriptionId'),
  apiVersion,
];
const ok = { 200: { description: 'ok' } };

const recordSet = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    type: { type: 'string' },
    etag: { type: 'string' },
    properties: {
      type: 'object',
      properties: {
        metadata: { type: 'object', additionalProperties: { type: 'string' } },
        TTL: { type: 'integer', minimum: 0 },
        fqdn: { type: 'string' },
        provisioningState: { type: 'string' },
        targetResource: { type: 'object' },
        TXTRecords: {
          type: 'array',
          items: {
            type: 'object',
            properties: { value: { type: 'array', items: { type: 'string', maxLength: 1024 } } },
          },
        },
      },
    },
  },
};

export const azureDnsSpec = {
  openapi: '3.0.3',
  info: { title: 'DnsManagementClient (subset)', version: '2018-05-01' },
  paths: {
    '/subscriptions/{subscriptionId}/providers/Microsoft.Network/dnszones': {
      get: {
        operationId: 'Zones_List',
        parameters: [path('subscriptionId'), apiVersion, top, skipToken],
        responses: ok,
      },
    },
    '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/dnsZones':
      {
        get: {
          operationId: 'Zones_ListByResourceGroup',
          parameters: [path('resourceGroupName'), path('subscriptionId'), apiVersion, top, skipToken],
          responses: ok,
        },
      },
    '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/dnsZones/{zoneName}/{recordType}/{relativeRecordSetName}':
      {
        get: { operationId: 'RecordSets_Get', parameters: recordPath, responses: ok },
        put: {
          operationId: 'RecordSets_CreateOrUpdate',
          parameters: recordPath,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/RecordSet' } } },
          },
          responses: { 200: { description: 'updated' }, 201: { description: 'created' } },
        },
        delete: {
          operationId: 'RecordSets_Delete',
          parameters: recordPath,
          responses: { 200: { description: 'deleted' }, 204: { description: 'none' } },
        },
      },
  },
  components: { schemas: { RecordSet: recordSet } },
};
