import { NotFoundException } from '@nestjs/common';
import { ParseIdPipe } from './parse-id.pipe';

describe('ParseIdPipe', () => {
  const pipe = new ParseIdPipe();
  const param = { type: 'param' as const, data: 'id' };

  it('lower-cases an upper-case uuid, so that services see one spelling of each id', async () => {
    await expect(pipe.transform('2100FE90-0624-42FF-A823-B63E998381A6', param)).resolves.toBe('2100fe90-0624-42ff-a823-b63e998381a6');
  });

  it('answers 404 for what is not a uuid', async () => {
    await expect(pipe.transform('not-a-uuid', param)).rejects.toBeInstanceOf(NotFoundException);
    await expect(pipe.transform('2100fe90\u00000624-42ff-a823-b63e998381a6', param)).rejects.toBeInstanceOf(NotFoundException);
  });
});
