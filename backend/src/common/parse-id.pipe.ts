import { ArgumentMetadata, Injectable, ParseUUIDPipe } from '@nestjs/common';

/**
 * A path id: a UUID in either case, answered 404 when it is not one, and lower-cased. PostgreSQL
 * compares uuids without regard to case, but ids also key maps and caches in the services, where
 * `2100FE90-…` and `2100fe90-…` would be two objects.
 */
@Injectable()
export class ParseIdPipe extends ParseUUIDPipe {
  constructor() {
    super({ errorHttpStatusCode: 404 });
  }

  override async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    return (await super.transform(value, metadata)).toLowerCase();
  }
}
