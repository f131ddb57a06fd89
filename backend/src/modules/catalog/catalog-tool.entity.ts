import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericAsNumber } from '../../database/column-transformers';
import type { CatalogCategory, PricingModel, WeboxPage } from './catalog-seed.types';

/** One AI tool of the catalog: shipped (`builtIn`, kept current by the `catalog.tools` seed) or added by an admin. */
@Entity('catalog_tools')
export class CatalogTool {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  slug: string;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ type: 'varchar' })
  vendor: string;

  @Column({ type: 'varchar' })
  category: CatalogCategory;

  @Column({ name: 'description_en', type: 'varchar' })
  descriptionEn: string;

  @Column({ name: 'description_fr', type: 'varchar' })
  descriptionFr: string;

  @Column({ type: 'varchar' })
  website: string;

  @Column({ type: 'varchar' })
  pricing: PricingModel;

  @Column({ name: 'entry_price_usd', type: 'numeric', nullable: true, transformer: numericAsNumber })
  entryPriceUsd: number | null;

  @Column({ name: 'pricing_note_en', type: 'varchar' })
  pricingNoteEn: string;

  @Column({ name: 'pricing_note_fr', type: 'varchar' })
  pricingNoteFr: string;

  @Column({ name: 'public_api' })
  publicApi: boolean;

  /** The Webox page "Try in Webox" opens; null when Webox does not reach this tool. */
  @Column({ name: 'webox_page', type: 'varchar', nullable: true })
  weboxPage: WeboxPage | null;

  /** Catalogue model ids that reach the tool, the first one chosen by "Try in Webox". */
  @Column({ name: 'webox_models', type: 'text', array: true })
  weboxModels: string[];

  /** Where the facts were checked, and when. */
  @Column({ type: 'varchar' })
  source: string;

  @Column({ name: 'checked_on', type: 'date', nullable: true })
  checkedOn: string | null;

  @Column({ name: 'built_in' })
  builtIn: boolean;

  /** Its reviews' ratings summed and counted, kept by triggers on `catalog_reviews` (migration 1764530000000): never written from here. */
  @Column({ name: 'rating_sum', insert: false, update: false })
  ratingSum: number;

  @Column({ name: 'rating_count', insert: false, update: false })
  ratingCount: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
