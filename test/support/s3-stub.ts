// The S3 part of the loopback stub (REST + XML, path-style only): ListBuckets, HeadBucket and
// GetBucketLocation, answered the way S3 answers them, including the redirect to a bucket's own region.

import { randomUUID } from 'node:crypto';
import type { StubHttpRequest, StubHttpResponse, StubOperation } from './identity-iam-stub.js';
import { decodePageToken, element, encodePageToken, escapeXml, textElement } from './wire-format.js';
import type { SeedBucket } from './world.js';

const S3_XML_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const BUCKET_CREATION_DATE = '2024-01-15T10:00:00.000Z';
const MAX_BUCKETS_LIMIT = 10_000;
const CONTINUATION_SCOPE = 'buckets';
const OWNER_ID = '8f3c2b1a0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a';

export function s3Service(buckets: Map<string, SeedBucket>): (request: StubHttpRequest) => StubOperation {
  function listBuckets(query: URLSearchParams): StubOperation {
    const params = {
      ...(query.has('max-buckets') ? { MaxBuckets: Number(query.get('max-buckets')) } : {}),
      ...(query.has('continuation-token') ? { ContinuationToken: query.get('continuation-token') } : {}),
    };
    const all = [...buckets.values()].sort((a, b) => a.name.localeCompare(b.name));
    const maxBuckets = query.has('max-buckets') ? Number(query.get('max-buckets')) : all.length;
    if (!Number.isInteger(maxBuckets) || maxBuckets < 1 || maxBuckets > MAX_BUCKETS_LIMIT) {
      return { operation: 'ListBuckets', params, response: s3Error(400, 'InvalidArgument', 'Argument max-buckets must be an integer between 1 and 10000.') };
    }
    const token = query.get('continuation-token');
    const start = token === null ? 0 : decodePageToken(token, CONTINUATION_SCOPE);
    if (start === undefined) {
      return { operation: 'ListBuckets', params, response: s3Error(400, 'InvalidArgument', 'The continuation token provided is incorrect.') };
    }
    const end = start + maxBuckets;
    const page = all.slice(start, end).map((bucket) =>
      element('Bucket', textElement('Name', bucket.name) + textElement('CreationDate', BUCKET_CREATION_DATE) + textElement('BucketRegion', bucket.region)),
    );
    const body =
      element('Owner', textElement('ID', OWNER_ID)) +
      element('Buckets', page.join('')) +
      (end < all.length ? textElement('ContinuationToken', encodePageToken(CONTINUATION_SCOPE, end)) : '');
    return { operation: 'ListBuckets', params, response: xml(200, `<ListAllMyBucketsResult xmlns="${S3_XML_NAMESPACE}">${body}</ListAllMyBucketsResult>`) };
  }

  /** S3 answers a HEAD with headers only; a request signed for another region is redirected to the bucket's. */
  function headBucket(name: string, region: string | undefined): StubOperation {
    const bucket = buckets.get(name);
    const params = { Bucket: name };
    if (!bucket) return { operation: 'HeadBucket', params, response: { status: 404, headers: requestIdHeaders(), body: '' } };
    const regionHeaders = { ...requestIdHeaders(), 'x-amz-bucket-region': bucket.region };
    if (region !== undefined && region !== bucket.region) {
      return { operation: 'HeadBucket', params, response: { status: 301, headers: regionHeaders, body: '' } };
    }
    return { operation: 'HeadBucket', params, response: { status: 200, headers: { ...regionHeaders, 'x-amz-access-point-alias': 'false' }, body: '' } };
  }

  function getBucketLocation(name: string): StubOperation {
    const bucket = buckets.get(name);
    const params = { Bucket: name };
    if (!bucket) {
      return { operation: 'GetBucketLocation', params, response: s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', name) };
    }
    // us-east-1 is the one region S3 reports as an empty location constraint.
    const constraint = bucket.region === 'us-east-1' ? '' : escapeXml(bucket.region);
    return { operation: 'GetBucketLocation', params, response: xml(200, `<LocationConstraint xmlns="${S3_XML_NAMESPACE}">${constraint}</LocationConstraint>`) };
  }

  return (request) => {
    const segments = request.url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const bucket = segments.length === 1 ? segments[0] : undefined;
    if (request.method === 'GET' && segments.length === 0) return listBuckets(request.url.searchParams);
    if (bucket !== undefined && request.method === 'HEAD') return headBucket(bucket, request.region);
    if (bucket !== undefined && request.method === 'GET' && request.url.searchParams.has('location')) return getBucketLocation(bucket);
    const operation = `${request.method} ${request.url.pathname}${request.url.search}`;
    return { operation, params: {}, response: s3Error(501, 'NotImplemented', `The S3 stub does not implement ${operation}.`) };
  };
}

function s3Error(status: number, code: string, message: string, bucketName?: string): StubHttpResponse {
  const bucket = bucketName === undefined ? '' : textElement('BucketName', bucketName);
  return xml(status, `<Error>${textElement('Code', code)}${textElement('Message', message)}${bucket}${textElement('RequestId', randomUUID())}</Error>`);
}

function xml(status: number, body: string): StubHttpResponse {
  return { status, headers: { ...requestIdHeaders(), 'content-type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` };
}

function requestIdHeaders(): Record<string, string> {
  return { 'x-amz-request-id': randomUUID() };
}
