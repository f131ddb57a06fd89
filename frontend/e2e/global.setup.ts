import { expect, test as setup } from '@playwright/test';
import { ADMIN, SETUP_TOKEN } from './support';

// The administrator claims the fresh database with its setup token, before any test.
setup('create the administrator account', async ({ request }) => {
  const response = await request.post('/api/auth/register', { data: { ...ADMIN, setupToken: SETUP_TOKEN } });
  expect(response.status(), await response.text()).toBe(201);
  const session = await response.json();
  expect(session.user.role).toBe('admin');
});
