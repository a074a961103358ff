import { describe, expect, it } from 'vitest';
import {
  createTerminalLogger,
  renderTerminal,
  type TerminalLogger,
  wantsColor,
} from '../../src/report/terminal.js';
import { FAKE_KEY, hostile, nothingDue, partialFailure, success } from '../fixtures/report/reports.js';

/** A stream that keeps what is written, as a terminal or a pipe. */
function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return {
    isTTY,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
    text: () => chunks.join(''),
    chunks,
  };
}

const ESC = '\x1b';

/** What a terminal shows at the end: carriage return + erase-line rewinds to the line start. */
function screen(raw: string): string[] {
  const lines: string[] = [];
  let current = '';
  const plain = raw.replace(/\x1b\[[0-9;]*m/g, '');
  for (let i = 0; i < plain.length; i++) {
    if (plain.startsWith('\r\x1b[2K', i)) {
      current = '';
      i += 4;
    } else if (plain[i] === '\n') {
      lines.push(current);
      current = '';
    } else current += plain[i];
  }
  if (current) lines.push(current);
  return lines;
}

describe('renderTerminal', () => {
  it('shows the same facts as the summary, aligned, without colour when asked', () => {
    const text = renderTerminal(partialFailure(), { color: false });
    expect(text).not.toContain(ESC);
    const lines = text.split('\n');
    expect(lines[0]).toBe('✗ certflow renew: 2 failed (1 certificate, 1 host)');
    const header = lines.find((l) => l.trimStart().startsWith('NAME'));
    const www = lines.find((l) => l.trimStart().startsWith('www '));
    // Columns line up: RESULT header sits above the result word.
    expect(header?.indexOf('RESULT')).toBe(www?.indexOf('renewed'));
    expect(header?.indexOf('SERIAL')).toBe(www?.indexOf('0a1b2c3d4e5f'));
    expect(text).toContain('  ✗ host 127.0.0.12 at verify (rolled back)');
    expect(text).toContain('    | reload exit 0');
    expect(text).toContain('what to do: The CA could not see the _acme-challenge TXT record');
  });

  it('a dns-persist-01 result names its validation after the result word', () => {
    const report = success();
    const www = report.issued.find((r) => r.name === 'www');
    if (!www?.ok) throw new Error('fixture changed');
    www.certificate.validation = 'dns-persist-01: no DNS credential needed';
    const line = renderTerminal(report, { color: false })
      .split('\n')
      .find((l) => l.trimStart().startsWith('www '));
    expect(line).toMatch(/renewed \(dns-persist-01\)$/);
  });

  it('colours only when asked, and the columns still line up', () => {
    const coloured = renderTerminal(success(), { color: true });
    expect(coloured).toContain(`${ESC}[32m`);
    const stripped = coloured.replace(/\x1b\[[0-9;]*m/g, '');
    expect(stripped).toBe(renderTerminal(success(), { color: false }));
  });

  it('host output cannot inject escape sequences, and keys never show', () => {
    const text = renderTerminal(hostile(), { color: true });
    expect(text).not.toContain('[31mred');
    expect(text).toContain('| red');
    expect(text).not.toContain('FIXTURE');
    expect(text).not.toContain(FAKE_KEY.split('\n')[0]);
    const lines = text.split('\n');
    // The multi-line CA message stays inside its indented block.
    expect(lines[lines.findIndex((l) => l.includes('| and')) + 1]).toBe('    new line');
  });

  it('nothing due says when the next one is', () => {
    expect(renderTerminal(nothingDue(), { color: false }).split('\n')[0]).toBe(
      '✓ certflow renew: nothing due (next: api on 2025-06-15)',
    );
  });
});

describe('createTerminalLogger', () => {
  it('on a terminal: one live progress line, other lines printed above it, colour', () => {
    const out = sink(true);
    const log = createTerminalLogger(out as unknown as NodeJS.WriteStream, { TERM: 'xterm' });
    log.info('planning');
    log.progress('issued', 0, 3);
    log.progress('issued', 1, 3);
    log.warn('slow DNS', { file: 'certflow.yml', line: 12 });
    log.progress('issued', 2, 3);
    expect(screen(out.text())).toEqual(['planning', 'warning: certflow.yml:12: slow DNS', '… issued 2/3']);
    log.progress('issued', 3, 3);
    log.progress('deployed', 1, 2);
    expect(screen(out.text())).toEqual([
      'planning',
      'warning: certflow.yml:12: slow DNS',
      '✓ issued 3/3',
      '… deployed 1/2',
    ]);
    (log as TerminalLogger).finish();
    expect(screen(out.text())).toEqual(['planning', 'warning: certflow.yml:12: slow DNS', '✓ issued 3/3']);
    expect(out.text()).toContain(`${ESC}[33mwarning`);
  });

  it('NO_COLOR keeps the live line but drops colours', () => {
    const out = sink(true);
    const log = createTerminalLogger(out as unknown as NodeJS.WriteStream, { TERM: 'xterm', NO_COLOR: '1' });
    log.error('boom');
    log.progress('issued', 1, 2);
    expect(out.text()).not.toMatch(/\x1b\[\d+m/);
    expect(out.text()).toContain('\r\x1b[2K');
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: 'yes' })).toBe(false);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });

  it('in a pipe: plain lines, no escapes, progress thinned out for long runs', () => {
    const out = sink(false);
    const log = createTerminalLogger(out as unknown as NodeJS.WriteStream, {});
    for (let i = 0; i <= 100; i++) log.progress('issued', i, 100);
    log.progress('deployed', 1, 3);
    const lines = out.text().split('\n').filter(Boolean);
    expect(out.text()).not.toContain(ESC);
    expect(lines).toEqual([
      'issued 0/100',
      ...Array.from({ length: 10 }, (_, k) => `issued ${(k + 1) * 10}/100`),
      'deployed 1/3',
    ]);
  });

  it('never prints a registered secret, whole or line by line', async () => {
    const out = sink(false);
    const log = createTerminalLogger(out as unknown as NodeJS.WriteStream, { CERTFLOW_DEBUG: '1' });
    log.secret('hunter2-token-value');
    log.secret(FAKE_KEY);
    await log.group('issue www', async () => {
      log.info('token is hunter2-token-value');
      log.debug(`key line ${FAKE_KEY.split('\n')[1]}`);
      log.error(`whole key ${FAKE_KEY}`);
    });
    const text = out.text();
    expect(text).toContain('▸ issue www');
    expect(text).toContain('token is ***');
    expect(text).toContain('debug: key line ***');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('FIXTURE');
  });

  it('debug lines only with CERTFLOW_DEBUG', () => {
    const out = sink(false);
    createTerminalLogger(out as unknown as NodeJS.WriteStream, {}).debug('hidden');
    expect(out.text()).toBe('');
  });
});
