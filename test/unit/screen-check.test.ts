// The e2e screen check finds what it claims to: a wrapped line, a broken box, a message key.
import { describe, expect, it } from 'vitest';
import { screenProblems } from '../helpers/screenCheck.js';

describe('screenProblems', () => {
  const box = ['╭────╮', '│ ok │', '╰────╯'].join('\n');
  it('passes a whole box and plain words', () => {
    expect(screenProblems(`${box}\nLigne 1/34 · jtremblay@mtl.example.com`, box, 80)).toEqual([]);
  });
  it('finds a line the terminal had to wrap', () => {
    expect(screenProblems('x', 'x'.repeat(81), 80)).toEqual([`wider than 80: «${'x'.repeat(81)}»`]);
  });
  it('finds a broken border', () => {
    const broken = ['╭────╮', '│ ok  ', '╰────╯'].join('\n');
    expect(screenProblems(broken, broken, 80)).toHaveLength(1);
    const cut = ['╭──', '│ ok │'].join('\n');
    expect(screenProblems(cut, cut, 80)).toHaveLength(1);
  });
  it('finds a message key or a field id drawn as text', () => {
    expect(screenProblems('Erreur : app.saved', '', 80)).toEqual(['message key drawn: app.saved']);
    expect(screenProblems('field.MaxAttachmentMB : trop grand', '', 80)).toContain('a field. id is drawn');
  });
});
