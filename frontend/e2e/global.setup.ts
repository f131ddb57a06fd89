import { expect, test as setup } from '@playwright/test';
import { ADMIN } from './support';

// The first account of a database becomes its administrator: create it before any test.
setup('create the administrator account', async ({ request }) => {
  const response = await request.post('/api/auth/register', { data: ADMIN });
  expect(response.status(), await response.text()).toBe(201);
  const session = await response.json();
  expect(session.user.role).toBe('admin');
});
