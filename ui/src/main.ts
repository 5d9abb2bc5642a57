import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { pickBackend } from "./lib/ipc";

const { backend, demo } = await pickBackend();

export default mount(App, {
  target: document.getElementById("app")!,
  props: { backend, demo },
});
