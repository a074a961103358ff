import { describe, expect, it } from 'vitest';
import {
  chatText,
  failureLines,
  issueBody,
  resolvedComment,
  webhookPayload,
} from '../../src/alert/message.js';
import { readGfm } from '../fixtures/report/gfm.js';
import { hostile, partialFailure, success } from '../fixtures/report/reports.js';

describe('alert words', () => {
  it('failure lines name each certificate and host with the reason', () => {
    expect(failureLines(partialFailure())).toEqual([
      'certificate api: authorization for api.certflow.test failed',
      'host 127.0.0.12 (www): verify failed: still serving serial aa01 after reload (rolled back)',
    ]);
  });

  it('chat text: Slack mrkdwn, one line per failure, markup escaped as Slack asks', () => {
    const text = chatText(partialFailure(), 'https://github.example/acme/infra/actions/runs/7');
    expect(text.split('\n')).toEqual([
      ':x: certflow renew: 2 failed (1 certificate, 1 host)',
      '• certificate api: authorization for api.certflow.test failed',
      '• host 127.0.0.12 (www): verify failed: still serving serial aa01 after reload (rolled back)',
      'https://github.example/acme/infra/actions/runs/7',
    ]);
    const evil = chatText(hostile());
    expect(evil).not.toMatch(/<script|<b>/);
    expect(evil).toContain('&lt;/details&gt;');
    expect(evil).not.toContain('FIXTURE');
  });

  it('webhook payload: text, ok flag and the report without keys', () => {
    const p = webhookPayload(success(), true);
    expect(p.ok).toBe(true);
    expect(p.text.startsWith(':white_check_mark: certflow renew: all renewed and deployed')).toBe(true);
    const json = JSON.stringify(p);
    expect(json).not.toContain('PRIVATE KEY');
    expect((p.report as { issued: unknown[] }).issued).toHaveLength(2);
  });

  it('issue body: what failed as a list, the full report folded, valid GFM, a safe run link', () => {
    const body = issueBody(partialFailure(), 'https://github.example/acme/infra/actions/runs/7');
    expect(body).toContain('- certificate api: authorization for api.certflow.test failed');
    expect(body).toContain('([run](https://github.example/acme/infra/actions/runs/7))');
    expect(body).toContain('<summary>Run report</summary>');
    expect(readGfm(body).problems).toEqual([]);
    expect(issueBody(partialFailure(), 'javascript:alert(1)')).not.toContain('javascript');
    expect(readGfm(issueBody(hostile())).problems).toEqual([]);
    expect(resolvedComment(success())).toContain('Resolved: **certflow renew** succeeded');
  });
});
