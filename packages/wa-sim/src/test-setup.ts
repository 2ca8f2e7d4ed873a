// vitest setupFiles entry for this package: keep libsignal's session chatter out of test output.
import { silenceLibsignalSessionLogs } from "./testing/quiet-libsignal";

silenceLibsignalSessionLogs();
