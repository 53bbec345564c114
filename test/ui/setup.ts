import '@testing-library/jest-dom/vitest';
// unmount what each test rendered, so tests never see each other's components
import '@testing-library/svelte/vitest';
