import type { ColumnType } from 'kysely';

/** A picture upload form issued to a member or shop admin (see the picture-uploads migration). */
export interface PictureUploadTable {
  id: string;
  user_id: string;
  purpose: 'avatar' | 'product';
  product_id: string | null;
  bucket: string;
  /** Where the browser posts; nothing reads it after the upload is confirmed. */
  staging_key: string;
  declared_type: string;
  declared_size: number;
  created_at: ColumnType<Date, Date | undefined, never>;
  confirmed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}
