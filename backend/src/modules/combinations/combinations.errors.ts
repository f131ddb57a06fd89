/** The combinations area's error codes: workflows, their validation, their runs. */
export enum CombinationErrorCode {
  WORKFLOW_NOT_FOUND = 'WORKFLOW_NOT_FOUND',
  RUN_NOT_FOUND = 'RUN_NOT_FOUND',
  /** The workflow's shape is wrong (a missing name, a step without an id, a duplicate step id); `details` names each field. */
  INVALID_WORKFLOW = 'INVALID_WORKFLOW',
  /** More than 20 steps. */
  TOO_MANY_STEPS = 'TOO_MANY_STEPS',
  /** A step kind Webox does not know; `details` names the step. */
  UNKNOWN_STEP_KIND = 'UNKNOWN_STEP_KIND',
  /** An agent step names an agent the user cannot use. */
  UNKNOWN_AGENT = 'UNKNOWN_AGENT',
  /** A template names an input the workflow does not declare; `details` names the step and the variable. */
  UNKNOWN_INPUT = 'UNKNOWN_INPUT',
  /** A template names a step that does not exist; `details` names the step and the variable. */
  UNKNOWN_STEP_REFERENCE = 'UNKNOWN_STEP_REFERENCE',
  /** A template names a step that runs later (or at the same time, in its parallel group). */
  LATER_STEP_REFERENCE = 'LATER_STEP_REFERENCE',
  /** A step reads its own output, or steps read each other's: a cycle. */
  STEP_CYCLE = 'STEP_CYCLE',
  /** `{{something}}` that is none of `{{input}}`, `{{inputs.<name>}}`, `{{steps.<id>.output}}`. */
  UNKNOWN_VARIABLE = 'UNKNOWN_VARIABLE',
  /** The steps of one parallel group are not next to each other. */
  SPLIT_PARALLEL_GROUP = 'SPLIT_PARALLEL_GROUP',
  /** A required input got no value, or a value of the wrong type; `details` names it. */
  INVALID_INPUTS = 'INVALID_INPUTS',
  /** Re-run from a step the run does not have, or whose earlier steps did not all succeed. */
  INVALID_RERUN = 'INVALID_RERUN',
  /** Cancel of a run that is no longer queued or running. */
  RUN_FINISHED = 'RUN_FINISHED',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    CombinationErrorCode: CombinationErrorCode;
  }
}
