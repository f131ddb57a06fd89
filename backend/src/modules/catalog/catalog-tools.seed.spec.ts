import { createHash } from 'node:crypto';
import { findModel } from '../../ai/models';
import { CATALOG_CATEGORIES, CATALOG_FACTS, PAGE_CAPABILITY, PRICING_MODELS } from './catalog-seed.types';
import { CATALOG_TOOLS } from './catalog-tools.data';
import { catalogToolRows, catalogToolsSeed } from './catalog-tools.seed';

describe('the shipped catalog', () => {
  it('holds at least 54 tools, each with its own key, and at least 4 in every category', () => {
    expect(CATALOG_TOOLS.length).toBeGreaterThanOrEqual(54);
    const slugs = CATALOG_TOOLS.map((tool) => tool.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const category of CATALOG_CATEGORIES) expect([category, CATALOG_TOOLS.filter((tool) => tool.category === category).length]).toEqual([category, expect.any(Number)]);
    const thin = CATALOG_CATEGORIES.filter((category) => CATALOG_TOOLS.filter((tool) => tool.category === category).length < 4);
    expect(thin).toEqual([]);
  });

  it('gives every tool facts that fit the table: https sites, a known pricing model, both languages, a check date', () => {
    const problems = CATALOG_TOOLS.flatMap((tool) => [
      ...(!tool.website.startsWith('https://') ? [`${tool.slug}: website`] : []),
      ...(!tool.source.startsWith('https://') ? [`${tool.slug}: source`] : []),
      ...(!PRICING_MODELS.includes(tool.pricing) ? [`${tool.slug}: pricing`] : []),
      ...(!tool.description.en.trim() || !tool.description.fr.trim() || tool.description.en.length > 1000 || tool.description.fr.length > 1000 ? [`${tool.slug}: description`] : []),
      ...(tool.pricingNote.en.length > 300 || tool.pricingNote.fr.length > 300 ? [`${tool.slug}: pricing note`] : []),
      ...(!/^\d{4}-\d{2}-\d{2}$/.test(tool.checkedOn) ? [`${tool.slug}: checkedOn`] : []),
      ...(tool.entryPriceUsd !== null && !(tool.entryPriceUsd >= 0) ? [`${tool.slug}: entryPriceUsd`] : []),
    ]);
    expect(problems).toEqual([]);
  });

  it('dates every check on a real day not yet to come, and names only known facts as unverified, each once', () => {
    const today = new Date().toISOString().slice(0, 10);
    const problems = CATALOG_TOOLS.flatMap((tool) => [
      ...(Number.isNaN(Date.parse(tool.checkedOn)) || tool.checkedOn > today ? [`${tool.slug}: checkedOn ${tool.checkedOn}`] : []),
      ...(tool.unverified ?? []).filter((fact) => !CATALOG_FACTS.includes(fact)).map((fact) => `${tool.slug}: unverified ${fact}`),
      ...(new Set(tool.unverified ?? []).size !== (tool.unverified ?? []).length ? [`${tool.slug}: unverified repeats a fact`] : []),
    ]);
    expect(problems).toEqual([]);
  });

  it('keeps the unverified annotation out of what the seeder stores', () => {
    const rows = catalogToolRows();
    expect(rows.length).toBe(CATALOG_TOOLS.length);
    expect(rows.filter((row) => 'unverified' in row)).toEqual([]);
  });

  it('maps integrated tools only to models of the catalogue that make what their page makes', () => {
    const wrong = CATALOG_TOOLS.flatMap((tool) => (tool.webox ? tool.webox.models.filter((model) => !findModel(model, PAGE_CAPABILITY[tool.webox!.page])).map((model) => `${tool.slug}: ${model}`) : []));
    expect(wrong).toEqual([]);
    expect(CATALOG_TOOLS.filter((tool) => tool.webox).every((tool) => tool.webox!.models.length > 0)).toBe(true);
  });

  it('has its version raised whenever the shipped tools change', () => {
    // Changed CATALOG_TOOLS? Raise CATALOG_VERSION, so existing installations get the change at
    // their next start, then write the new version and digest here.
    const digest = createHash('sha256').update(JSON.stringify(CATALOG_TOOLS)).digest('hex').slice(0, 16);
    expect({ version: catalogToolsSeed.version, digest }).toEqual({ version: 2, digest: '314999c6d6682bf0' });
  });
});
