import type { WorkflowInputDefDto, WorkflowRunStepDto, WorkflowRunSummaryDto, WorkflowStepDto, TransformStepDto } from '../../api/models';
import type { MessageKey } from '../../core/i18n/messages.en';
import type { TemplateVariable } from './workflow-draft';

/** The dictionary keys of the area's enumerations (the compiler checks each one exists). */
export const LABELS = {
  kind: (kind: WorkflowStepDto['kind']): MessageKey => `combinations.kind.${kind}`,
  promptLabel: (kind: WorkflowStepDto['kind']): MessageKey => `combinations.promptLabel.${kind}`,
  runStatus: (status: WorkflowRunSummaryDto['status']): MessageKey => `combinations.status.${status}`,
  stepStatus: (status: WorkflowRunStepDto['status']): MessageKey => `combinations.stepStatus.${status}`,
  inputType: (type: WorkflowInputDefDto['type']): MessageKey => `combinations.inputType.${type}`,
  operation: (operation: TransformStepDto['operation']): MessageKey => `combinations.operation.${operation}`,
  variable: (kind: TemplateVariable['kind']): MessageKey => `combinations.variable.${kind}`,
} as const;
