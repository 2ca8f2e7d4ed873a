/**
 * Node flags the fleet image starts the worker with (`CMD` in packages/fleet/Dockerfile; the
 * bench starts its workers with them too, and a test holds the two together).
 *
 * `--max-semi-space-size=16` (MB): V8 sizes the young generation from the heap limit, which it
 * takes from the machine's (or the container's) memory. On a large machine each semi-space
 * grows to 64 MB while a burst of sessions opens, and none of it goes back to the OS when the
 * worker turns idle: 96 MB more RSS for as long as the worker lives, whatever its session count,
 * and the figure would depend on the task's memory size. Capped at 16 MB, a worker that opened
 * 2 000 stored sessions held 0.39-0.45 MB of RSS per session (3 runs) against 0.40-0.61 (4 runs)
 * uncapped; opening them took ~15 % longer in the two pairs run back to back (fleet README).
 */
export const WORKER_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=16"];
