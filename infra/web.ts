/**
 * The dashboard (packages/web, React + Vite) as static files on S3 + CloudFront. Vite
 * inlines the VITE_* variables at build time, so the build runs during deploy, after the
 * API and WebSocket URLs are known.
 */

export const WEB_BUILD = {
  path: "packages/web",
  // Runs inside `path`; the workspace is already installed by `npm test` / `npm start`.
  command: "npx -y pnpm@10.34.9 run build",
  output: "dist",
} as const;

export function createWeb(urls: { api: $util.Input<string>; realtime: $util.Input<string> }) {
  const web = new sst.aws.StaticSite("Web", {
    path: WEB_BUILD.path,
    build: { command: WEB_BUILD.command, output: WEB_BUILD.output },
    environment: { VITE_API_URL: urls.api, VITE_WS_URL: urls.realtime },
  });
  return { web };
}
