export default defineBackground(() => {
  // Wiring only: the background's logic lives in src/.
});
