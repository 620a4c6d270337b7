// Text that would act on the runner if the action printed it as it came.

export const PAYLOADS = {
  /** Workflow commands on lines of their own (issue 9's payload). */
  commands: 'Running\n::add-mask::x\n::set-output name=imageversionid::999\n::stop-commands::t',
  /** The legacy form, honoured anywhere in a line. */
  legacy: '##[add-mask]x',
  /** A lone CR (a line break to the runner), a legacy command mid-line and markup for the summary. */
  crAndHtml: 'Running\r::add-mask::x ##[set-output name=imageversionid;]999 <img src=x onerror=alert(1)>'
} as const;

/** Every variant carries this, so a test can see that a payload reached a sink. */
export const PAYLOAD_MARKER = 'add-mask';
