import { AuditEvent } from './audit-event.entity';
import { AuditEventDto } from './dto/audit.dto';

export function toAuditEventDto(event: AuditEvent): AuditEventDto {
  return {
    id: event.id,
    createdAt: event.createdAt,
    action: event.action,
    actorId: event.actorId,
    actorEmail: event.actorEmail,
    targetId: event.targetId,
    targetEmail: event.targetEmail,
    ip: event.ip,
    details: event.details,
  };
}
