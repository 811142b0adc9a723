// The STS part of the loopback stub (Query + XML): GetCallerIdentity, which mycli asks for the account id its
// describe cache is kept under. Every caller is the same IAM user of the world's account.

import { randomUUID } from 'node:crypto';
import type { StubHttpRequest, StubOperation } from './identity-iam-stub.js';
import { element, textElement } from './wire-format.js';
import type { World } from './world.js';

const STS_XML_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function stsService(world: World): (request: StubHttpRequest) => StubOperation {
  return (request) => {
    const form = new URLSearchParams(request.body);
    const action = form.get('Action') ?? '';
    const params = Object.fromEntries([...form].filter(([name]) => name !== 'Action' && name !== 'Version'));
    const metadata = element('ResponseMetadata', textElement('RequestId', randomUUID()));
    if (action !== 'GetCallerIdentity') {
      const error = element('Error', textElement('Type', 'Sender') + textElement('Code', 'InvalidAction') + textElement('Message', `The stub does not implement STS ${action}.`));
      return { operation: action, params, response: xml(400, `<ErrorResponse xmlns="${STS_XML_NAMESPACE}">${error}${textElement('RequestId', randomUUID())}</ErrorResponse>`) };
    }
    const result = element(
      'GetCallerIdentityResult',
      textElement('Arn', `arn:aws:iam::${world.accountId}:user/mycli-test`) + textElement('UserId', 'AIDAMYCLITESTUSER0001') + textElement('Account', world.accountId),
    );
    return { operation: action, params, response: xml(200, `<GetCallerIdentityResponse xmlns="${STS_XML_NAMESPACE}">${result}${metadata}</GetCallerIdentityResponse>`) };
  };
}

function xml(status: number, body: string) {
  return { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() }, body };
}
