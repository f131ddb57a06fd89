import { randomBytes } from 'node:crypto';
import { INestApplication, ModuleMetadata, Provider, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { sign } from 'jsonwebtoken';
import request from 'supertest';
import { applyGlobalPrefix } from '../../src/common/api-prefix';
import { AuthUser } from '../../src/common/auth.decorators';
import { DomainError, ErrorKind, FieldProblem } from '../../src/common/domain-error';
import type { ErrorCode } from '../../src/common/error-codes';
import { AllExceptionsFilter } from '../../src/common/exception.filter';
import { JwtAuthGuard } from '../../src/modules/auth/jwt-auth.guard';
import { RolesGuard } from '../../src/common/roles.guard';
import { createValidationPipe } from '../../src/common/validation';
import { AppConfig } from '../../src/config/app-config';
import type { AccessTokenClaims, AuthService } from '../../src/modules/auth/auth.service';
import { JwtService } from '@nestjs/jwt';
import { AccessTokenVerifier } from '../../src/modules/auth/access-token-verifier';
import { accessTokenKey } from '../../src/modules/auth/access-token-key';

/**
 * Controller specs, Immich style: ONE controller in a Nest testing module, its services replaced
 * by Jest mocks, and everything around it real — the global JWT and roles guards, the validation
 * pipe, the exception filter and the `/api` prefix — on supertest, with no database and no Redis.
 * Only the session lookup behind the token verifier is faked: it knows a user and an admin, whose
 * signed tokens `auth.user` / `auth.admin` carry.
 *
 * ```ts
 * const api = controllerSetup(PromptsController, { mocks: [PromptsService] });
 * const prompts = api.mock(PromptsService);
 * describeRouteAccess(api);
 * it('...', () => api.http().get('/api/prompts').set(api.auth.user).expect(200));
 * ```
 */

/** Every method of a class as a `jest.fn()`; what a spec does not script answers `undefined`. */
export function automock<T>(type: Type<T>): jest.Mocked<T> {
  const mock: Record<string, jest.Mock> = {};
  for (let proto = type.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (name !== 'constructor' && !(name in mock) && typeof descriptor?.value === 'function') mock[name] = jest.fn().mockName(`${type.name}.${name}`);
    }
  }
  return mock as unknown as jest.Mocked<T>;
}

export interface ControllerSetupOptions {
  /** Services replaced by `automock`: get each with `api.mock(Service)`. */
  mocks?: Type[];
  /** Real providers the controller, its guards or its filters need (a guard's collaborator, say). */
  providers?: Provider[];
  imports?: ModuleMetadata['imports'];
  /** Where the routes are mounted: `/api` (default) or `''` for the OpenAI-compatible `/v1`, outside the prefix. */
  prefix?: string;
}

/** A route of the controller, read from its Nest metadata. */
export interface RouteInfo {
  /** The handler's method name (also its OpenAPI operation id). */
  handler: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The path with its prefix and its `:params`, e.g. `/api/prompts/:id`. */
  path: string;
  /** The path with every param filled with `ROUTE_PARAM_ID`. */
  url: string;
  /** `GET /api/prompts/:id`. */
  label: string;
}

/** The id put in every path parameter by `RouteInfo.url`. */
export const ROUTE_PARAM_ID = '00000000-0000-4000-8000-00000000abcd';

export interface ControllerTest {
  readonly app: INestApplication;
  /** A supertest request against the application (no port is opened). */
  http(): ReturnType<typeof request>;
  /** The Jest mock that stands for a service given in `mocks`. */
  mock<T>(type: Type<T>): jest.Mocked<T>;
  /** Who the test tokens stand for (what `@CurrentUser()` gives the handler). */
  readonly user: AuthUser;
  readonly admin: AuthUser;
  /** `Authorization` headers to `.set()`: a user's and an admin's valid access tokens. */
  readonly auth: { user: Record<string, string>; admin: Record<string, string> };
  /** An access token for `who`, with its expiry in seconds (negative: already expired). */
  token(who: AuthUser, expiresInSeconds?: number): string;
  readonly routes: RouteInfo[];
  /** `Service.method` of every mocked method called since the last test. */
  serviceCalls(): string[];
  /** The route of a handler (fails the test when the controller has no such handler). */
  route(handler: string): RouteInfo;
  /** A request to a handler's route (ids filled with `ROUTE_PARAM_ID`), as a user (default) or an admin, with a JSON body or a query. */
  call(handler: string, input?: { as?: 'user' | 'admin'; body?: object; query?: object }): request.Test;
}

const HTTP_METHODS: Partial<Record<RequestMethod, RouteInfo['method']>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

const joinPath = (...parts: string[]) => `/${parts.flatMap((part) => part.split('/')).filter(Boolean).join('/')}`;

/** The routes a controller declares, in declaration order. */
export function routesOf(controller: Type, prefix = '/api'): RouteInfo[] {
  const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
  return Object.getOwnPropertyNames(controller.prototype).flatMap((handler) => {
    const fn = Object.getOwnPropertyDescriptor(controller.prototype, handler)?.value as unknown;
    if (handler === 'constructor' || typeof fn !== 'function') return [];
    const path = Reflect.getMetadata(PATH_METADATA, fn) as string | undefined;
    const method = HTTP_METHODS[Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod];
    if (path === undefined || !method) return [];
    const full = joinPath(prefix, base, path);
    return [{ handler, method, path: full, url: full.replace(/:[A-Za-z]+/g, ROUTE_PARAM_ID), label: `${method.toUpperCase()} ${full}` }];
  });
}

function testUser(role: AuthUser['role']): AuthUser {
  const id = role === 'admin' ? '00000000-0000-4000-8000-0000000000ad' : '00000000-0000-4000-8000-0000000000a1';
  return { id, email: `${role}@webox.test`, role, sessionId: role === 'admin' ? '00000000-0000-4000-8000-0000000005ad' : '00000000-0000-4000-8000-0000000005a1' };
}

/** The configuration a controller spec runs with: a secret key of its own, nothing written to disk. */
export const testConfig = (env: Record<string, string> = {}) => new AppConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', WEBOX_SECRET_KEY: randomBytes(32).toString('hex'), ...env });

/**
 * Boots `controller` before the file's tests and closes it after; mocks are reset after each test.
 * The returned object is filled in `beforeAll`; `mock()`, `routes`, `user` and `admin` work at once.
 */
export function controllerSetup(controller: Type, options: ControllerSetupOptions = {}): ControllerTest {
  const mocks = new Map<Type, jest.Mocked<unknown>>((options.mocks ?? []).map((type) => [type, automock(type)]));
  const config = testConfig();
  const user = testUser('user');
  const admin = testUser('admin');
  const sessions = new Map([user, admin].map((who) => [`${who.id}/${who.sessionId}`, who]));
  // The one fake: the session lookup (a database query in AuthService) knows our two people.
  const verifier = { resolveAccessToken: async (claims: AccessTokenClaims) => sessions.get(`${claims.sub}/${claims.sid}`) ?? null };
  const token = (who: AuthUser, expiresInSeconds = 900) =>
    sign({ sub: who.id, sid: who.sessionId, exp: Math.floor(Date.now() / 1000) + expiresInSeconds } satisfies AccessTokenClaims & { exp: number }, accessTokenKey(config), { algorithm: 'HS256' });
  const routes = routesOf(controller, options.prefix ?? '/api');
  let app: INestApplication | undefined;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: options.imports ?? [],
      controllers: [controller],
      providers: [
        ...[...mocks].map(([type, value]) => ({ provide: type, useValue: value })),
        ...(options.providers ?? []),
        { provide: AppConfig, useValue: config },
        { provide: AccessTokenVerifier, useFactory: () => new AccessTokenVerifier(new JwtService({ secret: accessTokenKey(config) }), verifier as unknown as AuthService) },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    applyGlobalPrefix(app);
    app.useGlobalPipes(createValidationPipe());
    await app.init();
  });
  afterEach(() => {
    for (const mock of mocks.values()) for (const fn of Object.values(mock as Record<string, jest.Mock>)) fn.mockReset();
  });
  afterAll(async () => {
    await app?.close();
  });

  return {
    get app() {
      if (!app) throw new Error('controllerSetup: the application starts in beforeAll');
      return app;
    },
    http() {
      return request(this.app.getHttpServer());
    },
    mock<T>(type: Type<T>): jest.Mocked<T> {
      const mock = mocks.get(type);
      if (!mock) throw new Error(`controllerSetup: ${type.name} is not in mocks`);
      return mock as jest.Mocked<T>;
    },
    user,
    admin,
    auth: { user: { authorization: `Bearer ${token(user)}` }, admin: { authorization: `Bearer ${token(admin)}` } },
    token,
    routes,
    serviceCalls: () =>
      [...mocks].flatMap(([type, mock]) =>
        Object.entries(mock as Record<string, jest.Mock>)
          .filter(([, fn]) => fn.mock.calls.length > 0)
          .map(([name]) => `${type.name}.${name}`),
      ),
    route(handler: string): RouteInfo {
      const found = routes.find((route) => route.handler === handler);
      if (!found) throw new Error(`${controller.name} has no handler ${handler}`);
      return found;
    },
    call(handler, input = {}) {
      const route = this.route(handler);
      const sent = this.http()[route.method](route.url).set(input.as === 'admin' ? this.auth.admin : this.auth.user);
      if (input.query) sent.query(input.query);
      return input.body ? sent.send(input.body) : sent;
    },
  };
}

export interface RouteAccess {
  /** Handlers anyone may call: asserted to answer without a token. */
  public?: string[];
  /** Handlers for admins only (`'all'`: the whole controller): a user gets 403, an admin does not. */
  admin?: string[] | 'all';
  /** The header a signed-in user sends, when the controller takes another credential than the access token. */
  userAuth?: () => Record<string, string>;
  /** Handlers whose path parameters are names, not ids (a slug): left out of the "not a UUID" check. */
  namedParams?: string[];
}

/**
 * The access rules of every route of the controller, table-driven, so that a route added later is
 * covered without touching the spec: without a token (or with a bad one) each answers 401 and no
 * service is called, unless it is listed as public; a user gets 403 on the admin routes and passes
 * the guards everywhere else; an admin passes everywhere; a path id that is not a UUID is a 404.
 */
export function describeRouteAccess(api: ControllerTest, access: RouteAccess = {}): void {
  const isPublic = (route: RouteInfo) => (access.public ?? []).includes(route.handler);
  const isAdmin = (route: RouteInfo) => access.admin === 'all' || (access.admin ?? []).includes(route.handler);
  const userAuth = () => access.userAuth?.() ?? api.auth.user;
  const adminAuth = () => access.userAuth?.() ?? api.auth.admin;
  const passesGuards = async (route: RouteInfo, headers: Record<string, string>) => {
    const response = await api.http()[route.method](route.url).set(headers);
    expect([401, 403]).not.toContain(response.status);
  };
  const refusesAnonymous = async (route: RouteInfo) => {
    await api.http()[route.method](route.url).expect(401);
    await api.http()[route.method](route.url).set('authorization', 'Bearer not-a-token').expect(401);
    expect(api.serviceCalls()).toEqual([]);
  };
  const table = (routes: RouteInfo[]) => routes.map((route) => [route.label, route] as const);

  describe('access', () => {
    it('names only handlers the controller has', () => {
      const listed = [...(access.public ?? []), ...(access.namedParams ?? []), ...(access.admin === 'all' ? [] : (access.admin ?? []))];
      for (const handler of listed) expect(api.routes.map((route) => route.handler)).toContain(handler);
    });

    const publicRoutes = api.routes.filter(isPublic);
    const adminRoutes = api.routes.filter((route) => !isPublic(route) && isAdmin(route));
    const userRoutes = api.routes.filter((route) => !isPublic(route) && !isAdmin(route));
    const withIds = api.routes.filter((route) => route.path.includes('/:') && !(access.namedParams ?? []).includes(route.handler));

    if (userRoutes.length) {
      it.each(table(userRoutes))('%s is an authenticated route, open to users', async (_label, route) => {
        await refusesAnonymous(route);
        await passesGuards(route, userAuth());
        if (!access.userAuth) await passesGuards(route, adminAuth());
      });
    }
    if (adminRoutes.length) {
      it.each(table(adminRoutes))('%s is an admin route: 403 to a user', async (_label, route) => {
        await refusesAnonymous(route);
        const refused = await api.http()[route.method](route.url).set(userAuth()).expect(403);
        expect(refused.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
        expect(api.serviceCalls()).toEqual([]);
        await passesGuards(route, adminAuth());
      });
    }
    if (publicRoutes.length) {
      it.each(table(publicRoutes))('%s is public', async (_label, route) => {
        const response = await api.http()[route.method](route.url);
        expect([401, 403]).not.toContain(response.status);
      });
    }
    if (withIds.length) {
      it.each(table(withIds))('%s answers 404 to an id that is not a UUID, without calling the service', async (_label, route) => {
        const headers = isPublic(route) ? {} : isAdmin(route) ? adminAuth() : userAuth();
        const response = await api.http()[route.method](route.path.replace(/:[A-Za-z]+/g, 'not-a-uuid')).set(headers);
        // Nest checks a route's parameters together: the missing body or query may be refused first.
        if (response.status !== 404) expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
        expect(api.serviceCalls()).toEqual([]);
      });
    }
  });
}

/** One route's input checks (see `describeValidation`). */
export interface ValidationCase {
  /** The handler, by name. */
  handler: string;
  /** A valid JSON body, or (for routes that take none) a valid query string. */
  body?: Record<string, unknown>;
  query?: Record<string, unknown>;
  /** Wrong values, by field: each answers 400 naming that field. An unknown field is always tried too. */
  wrong: Record<string, unknown>;
  /** On the valid request, the service method called and the arguments it must get (`dto()` for the parsed DTO). */
  calls: [(...args: never[]) => unknown, ...unknown[]];
  /** Who sends it: a user (default) or an admin. */
  as?: 'user' | 'admin';
  /** Scripts the mocks the valid request needs beyond the checked call (they are reset after each test). */
  before?: () => void;
}

/**
 * For each case: every wrong field, and an unknown one, answers 400 `VALIDATION_FAILED` naming the
 * field, without calling the service; the valid request reaches the service with the parsed DTO.
 */
export function describeValidation(api: ControllerTest, cases: ValidationCase[]): void {
  describe('validation', () => {
    const send = (input: ValidationCase, values: Record<string, unknown>) => api.call(input.handler, { as: input.as, ...(input.body !== undefined ? { body: values } : { query: values }) });
    const valid = (input: ValidationCase) => input.body ?? input.query ?? {};
    const wrongFields = cases.flatMap((input) =>
      [...Object.entries(input.wrong), ['unexpectedField', 'x'] as const].map(([field, value]) => [api.route(input.handler).label, field, input, value] as const),
    );

    it.each(wrongFields)('%s answers 400 naming %s', async (_label, field, input, value) => {
      const response = await send(input, { ...valid(input), [field]: value }).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(api.serviceCalls()).toEqual([]);
    });

    it.each(cases.map((input) => [api.route(input.handler).label, input] as const))('%s passes the parsed input to the service', async (_label, input) => {
      input.before?.();
      const response = await send(input, valid(input));
      expect(response.status).toBeLessThan(300);
      const [method, ...args] = input.calls;
      expect(method).toHaveBeenCalledTimes(1);
      expect(method).toHaveBeenCalledWith(...args);
    });
  });
}

/** A service failure as services throw them: the exception filter must turn it into the documented answer. */
export const domainError = (kind: ErrorKind, code: ErrorCode, message = `${code} (from the mocked service)`, details?: FieldProblem[]) => new DomainError(kind, code, message, details);

/** Matches an argument that is an instance of `type` with exactly these own enumerable fields (undefined ones ignored). */
export function dto<T>(type: Type<T>, fields: Record<string, unknown>): T {
  const matcher = {
    $$typeof: Symbol.for('jest.asymmetricMatcher'),
    asymmetricMatch(actual: unknown): boolean {
      if (!(actual instanceof type)) return false;
      const own = Object.fromEntries(Object.entries(actual as object).filter(([, value]) => value !== undefined));
      try {
        expect(own).toEqual(fields);
        return true;
      } catch {
        return false;
      }
    },
    toAsymmetricMatcher: () => `${type.name} ${JSON.stringify(fields)}`,
  };
  return matcher as unknown as T;
}

/** The events of a `text/event-stream` body, as `{ event, data }` with `data` parsed. */
export function serverSentEvents(body: string): Array<{ event: string; data: unknown }> {
  return body
    .split('\n\n')
    .filter((frame) => frame.trim())
    .map((frame) => ({
      event: /^event: (.*)$/m.exec(frame)?.[1] ?? 'message',
      data: JSON.parse(
        frame
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n'),
      ) as unknown,
    }));
}

/** The fields a 400 answer names, each once, in order. */
export const namedFields = (body: { details?: Array<{ field: string }> }) => [...new Set((body.details ?? []).map((problem) => problem.field))];
