import { IsString } from 'class-validator';
import { DomainError } from './domain-error';
import { createValidationPipe, inputProblems, MAX_INPUT_DEPTH, Optional } from './validation';

class TitleDto {
  @IsString()
  title: string;
}

class PatchDto {
  @Optional()
  @IsString()
  title?: string;

  @Optional({ nullable: true })
  @IsString()
  folderId?: string | null;
}

describe('inputProblems', () => {
  it('accepts ordinary text, emoji, right-to-left marks and nesting up to the limit', () => {
    let deep: unknown = 'leaf';
    // The body is the first level.
    for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) deep = [deep];
    expect(inputProblems({ title: 'Déjà vu 😀 👩‍👩‍👧 \u202eabc\u202c', tags: ['a'], deep })).toEqual([]);
  });

  it('names each field holding a NUL character or a lone surrogate, keys included', () => {
    expect(inputProblems({ title: 'a\u0000b', nested: { list: ['ok', 'x\ud800'] }, ['k\u0000']: 1 })).toEqual(
      expect.arrayContaining([
        { field: 'title', message: 'title must not contain NUL characters' },
        { field: 'nested.list.1', message: 'nested.list.1 must be well-formed Unicode (it holds a lone surrogate)' },
        { field: 'k\u0000', message: 'k\u0000 must not contain NUL characters' },
      ]),
    );
    expect(inputProblems('\udc00 alone')).toHaveLength(1);
    expect(inputProblems('\ud83d\ude00 a pair')).toEqual([]);
  });

  it('stops at nesting deeper than the limit without walking it (no stack to exhaust)', () => {
    const body = JSON.parse(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(inputProblems(body)).toEqual([{ field: expect.stringMatching(/^a(\.0)+$/), message: expect.stringContaining(`nested deeper than ${MAX_INPUT_DEPTH} levels`) }]);
  });
});

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();

  it('refuses a body with a NUL character before its DTO sees it, as a 400 naming the field', async () => {
    const error = await pipe.transform({ title: 'a\u0000' }, { type: 'body', metatype: TitleDto }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'invalid', code: 'VALIDATION_FAILED', details: [{ field: 'title', message: 'title must not contain NUL characters' }] });
  });

  it('checks query strings and untyped bodies too, and leaves path parameters to their own pipes', async () => {
    await expect(pipe.transform({ q: 'x\u0000' }, { type: 'query', metatype: Object })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(pipe.transform({ messages: [{ content: '\ud800' }] }, { type: 'body', metatype: Object })).rejects.toMatchObject({ details: [{ field: 'messages.0.content' }] });
    await expect(pipe.transform('a\u0000', { type: 'param', metatype: String, data: 'id' })).resolves.toBe('a\u0000');
  });

  it('still validates against the DTO', async () => {
    await expect(pipe.transform({ title: 3 }, { type: 'body', metatype: TitleDto })).rejects.toMatchObject({ details: [{ field: 'title', message: 'title must be a string' }] });
    await expect(pipe.transform({ title: 'ok' }, { type: 'body', metatype: TitleDto })).resolves.toEqual({ title: 'ok' });
  });
});

describe('Optional', () => {
  const pipe = createValidationPipe();
  const patch = (body: object) => pipe.transform(body, { type: 'body', metatype: PatchDto });

  it('lets a field be left out', async () => {
    await expect(patch({})).resolves.toEqual({});
  });

  it('refuses null unless the field is nullable (where IsOptional let it through to a NOT NULL column)', async () => {
    await expect(patch({ title: null })).rejects.toMatchObject({ details: [{ field: 'title', message: 'title must be a string' }] });
    await expect(patch({ folderId: null })).resolves.toEqual({ folderId: null });
  });
});
