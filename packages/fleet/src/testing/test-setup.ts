// vitest setupFiles entry: keep libsignal's session chatter out of test output.
import { silenceLibsignalSessionLogs } from "@wharf/wa-sim/testing";

silenceLibsignalSessionLogs();
