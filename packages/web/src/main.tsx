import "@fontsource-variable/inter/wght.css";
import "./styles/index.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { readConfig } from "./config";

const config = readConfig(import.meta.env as Record<string, string | undefined>);
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <App config={config} />
  </StrictMode>,
);
