import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
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

class ItemDto {
  @IsInt()
  @Max(10)
  count: number;
}

class RulesDto {
  @IsString()
  @Length(1, 120, { message: 'name must be 1 to 120 characters' })
  name: string;

  @IsIn(['private', 'shared'])
  kind: string;

  @IsInt()
  @Min(1)
  count: number;

  @IsArray()
  @ArrayMaxSize(2)
  tags: string[];

  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  items: ItemDto[];
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
        { field: 'title', message: 'title must not contain NUL characters', constraint: 'nulCharacter' },
        { field: 'nested.list.1', message: 'nested.list.1 must be well-formed Unicode (it holds a lone surrogate)', constraint: 'loneSurrogate' },
        { field: 'k\u0000', message: 'k\u0000 must not contain NUL characters', constraint: 'nulCharacter' },
      ]),
    );
    expect(inputProblems('\udc00 alone')).toHaveLength(1);
    expect(inputProblems('\ud83d\ude00 a pair')).toEqual([]);
  });

  it('stops at nesting deeper than the limit without walking it (no stack to exhaust)', () => {
    const body = JSON.parse(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(inputProblems(body)).toEqual([{ field: expect.stringMatching(/^a(\.0)+$/), message: expect.stringContaining(`nested deeper than ${MAX_INPUT_DEPTH} levels`), constraint: 'tooDeep', params: { max: MAX_INPUT_DEPTH } }]);
  });
});

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();

  it('names only the type rule when a value has the wrong type, not the ranges it cannot be judged against', async () => {
    const pipe = createValidationPipe();
    const error = (await pipe.transform({ count: 'abc' }, { type: 'query', metatype: ItemDto }).catch((e: unknown) => e)) as DomainError;
    expect(error.details).toEqual([expect.objectContaining({ field: 'count', constraint: 'isInt' })]);
  });

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
    await expect(pipe.transform({ title: 3 }, { type: 'body', metatype: TitleDto })).rejects.toMatchObject({ details: [{ field: 'title', message: 'title must be a string', constraint: 'isString' }] });
    await expect(pipe.transform({ title: 'ok' }, { type: 'body', metatype: TitleDto })).resolves.toEqual({ title: 'ok' });
  });

  it('gives every detail its rule and the rule’s values, so a client can say it in its own language; nested fields too', async () => {
    const error = (await pipe.transform({ name: '', kind: 'gossip', count: 0, tags: ['a', 'b', 'c'], items: [{ count: 11 }], extra: 1 }, { type: 'body', metatype: RulesDto }).catch((e: unknown) => e)) as DomainError;
    const byField = Object.fromEntries((error.details ?? []).map(({ field, constraint, params }) => [`${field} ${constraint}`, params ?? null]));
    expect(byField).toEqual({
      'name isLength': { min: 1, max: 120 },
      'kind isIn': { values: 'private, shared' },
      'count min': { min: 1 },
      'tags arrayMaxSize': { max: 2 },
      'items.0.count max': { max: 10 },
      'extra whitelistValidation': null,
    });
    // The English sentence stays for clients that do not know a rule.
    expect(error.details!.find((detail) => detail.constraint === 'isLength')!.message).toBe('name must be 1 to 120 characters');
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
