/** The release workflow's notes come from CHANGELOG.md, and a missing or unfinished section stops it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without types
import { releaseNotes } from '../../scripts/release-notes.mjs';
import { ROOT } from '../support/action-runner.js';

const notes = releaseNotes as (changelog: string, version: string) => string;

const CHANGELOG = `# Changelog

## [1.1.0] - 2026-12-02

### Fixed
- one

## [1.0.0] - 2026-11-01

- first
`;

describe('release notes', () => {
  it('takes the section of the version, up to the next one', () => {
    expect(notes(CHANGELOG, '1.1.0')).toBe('### Fixed\n- one\n');
    expect(notes(CHANGELOG, '1.0.0')).toBe('- first\n');
  });

  it('refuses a missing, unreleased or empty section', () => {
    expect(() => notes(CHANGELOG, '2.0.0')).toThrow(/no section "## \[2\.0\.0\] - YYYY-MM-DD"/);
    expect(() => notes('## [0.1.0] - Unreleased\n\n- x\n', '0.1.0')).toThrow(/still marked Unreleased/);
    expect(() => notes('## [0.1.0] - 2026-12-02\n\n## [0.0.1] - 2026-01-01\n- y\n', '0.1.0')).toThrow(
      /empty/,
    );
  });

  it("the repository's CHANGELOG.md has a section for package.json's version", () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
    expect(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')).toContain(`## [${version}]`);
  });
});
