import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A message read aloud once, kept so that playing it again costs nothing. Deleted with its message. */
@Entity('chat_message_speech')
export class ChatMessageSpeech {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId: string;

  /** `provider/model` of the speech model. */
  @PrimaryColumn({ type: 'varchar' })
  model: string;

  /** The voice and the language it spoke: `warm@fr`. */
  @PrimaryColumn({ type: 'varchar' })
  voice: string;

  @Column({ name: 'mime_type', type: 'varchar' })
  mimeType: string;

  @Column({ type: 'bytea' })
  audio: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
