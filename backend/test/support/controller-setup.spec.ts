import { Controller, Delete, Get, Post } from '@nestjs/common';
import { automock, dto, routesOf, ROUTE_PARAM_ID } from './controller-setup';

class Base {
  inherited(): string {
    return 'real';
  }
}
class Service extends Base {
  field = 'kept out';
  own(): string {
    return 'real';
  }
}

@Controller('things')
class ThingsController {
  @Get()
  listThings(): void {}
  @Post(':id/parts/:partId')
  addPart(): void {}
  @Delete(':id')
  deleteThing(): void {}
  helper(): void {}
}

class Input {
  name: string;
  count = 1;
}

describe('controller-setup', () => {
  it('automock: every method, inherited ones too, as a jest.fn that answers undefined', () => {
    const mock = automock(Service);
    expect(mock.own()).toBeUndefined();
    expect(mock.inherited()).toBeUndefined();
    expect(jest.isMockFunction(mock.inherited)).toBe(true);
    expect(mock).not.toHaveProperty('field');
  });

  it('routesOf: the routes with their prefix and filled ids, handlers only', () => {
    expect(routesOf(ThingsController)).toEqual([
      { handler: 'listThings', method: 'get', path: '/api/things', url: '/api/things', label: 'GET /api/things' },
      { handler: 'addPart', method: 'post', path: '/api/things/:id/parts/:partId', url: `/api/things/${ROUTE_PARAM_ID}/parts/${ROUTE_PARAM_ID}`, label: 'POST /api/things/:id/parts/:partId' },
      { handler: 'deleteThing', method: 'delete', path: '/api/things/:id', url: `/api/things/${ROUTE_PARAM_ID}`, label: 'DELETE /api/things/:id' },
    ]);
    expect(routesOf(ThingsController, '').map((route) => route.path)).toEqual(['/things', '/things/:id/parts/:partId', '/things/:id']);
  });

  it('dto: an instance of the class with exactly those fields', () => {
    const parsed = Object.assign(new Input(), { name: 'a' });
    expect(parsed).toEqual(dto(Input, { name: 'a', count: 1 }));
    expect(parsed).not.toEqual(dto(Input, { name: 'a' }));
    expect({ name: 'a', count: 1 }).not.toEqual(dto(Input, { name: 'a', count: 1 }));
  });
});
