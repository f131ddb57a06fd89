import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Optional } from './validation';

/** Far beyond any list, and small enough that the rows skipped stay an integer the database takes. */
export const MAX_PAGE = 1_000_000;

export class PageQueryDto {
  @ApiPropertyOptional({ description: '1-based page number', minimum: 1, maximum: MAX_PAGE, default: 1 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ description: 'Items per page', minimum: 1, maximum: 100, default: 20 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

export function toPage<E, D>([rows, total]: [E[], number], query: PageQueryDto, map: (row: E) => D): Page<D> {
  return { items: rows.map(map), total, page: query.page, limit: query.limit };
}

export function skipTake(query: PageQueryDto): { skip: number; take: number } {
  return { skip: (query.page - 1) * query.limit, take: query.limit };
}

/** Swagger needs a concrete class per item type; this builds `{ items, total, page, limit }` for one. */
export function PageDtoOf<T>(item: new () => T) {
  class PageOfItems implements Page<T> {
    @ApiProperty({ type: item, isArray: true })
    items: T[];
    @ApiProperty()
    total: number;
    @ApiProperty()
    page: number;
    @ApiProperty()
    limit: number;
  }
  Object.defineProperty(PageOfItems, 'name', { value: `${item.name.replace(/Dto$/, '')}PageDto` });
  return PageOfItems;
}
