import { render, screen, waitFor } from '@testing-library/svelte';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { steps } from '../../chapters/03-xor-and-the-winter/steps';
import type { Step } from '../../src/lib/chapters/types';
import StepPanel from '../../src/lib/ui/panels/StepPanel.svelte';
import WinterTimelinePanel from '../../src/lib/ui/panels/WinterTimelinePanel.svelte';
import { linkPlace } from './stepLinks';

// a collection on demand, so a test can see whether anything still holds an object
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const spec = steps.find((s) => s.id === 'winter')!;
const step: Step = { ...spec, index: steps.indexOf(spec), title: 'winter', html: '' };

/**
 * Whether the object behind `ref` can be collected: a few collections, each in a task of
 * its own (a weak reference keeps its object until the task that read it ends).
 */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
  }
  return ref.deref() === undefined;
}

describe('StepPanel', () => {
  it('shows the loaded panel, then, once the step is left, keeps nothing it was loaded with', async () => {
    // what the registry's import resolves with, held here only weakly: a kiosk loads one for every step it shows
    const shown = async () => {
      const module = { default: WinterTimelinePanel };
      const { container, unmount } = render(StepPanel, { props: { load: () => Promise.resolve(module), props: { step, ...linkPlace().place } } });
      // read as text, not by a selector: jsdom's selector engine keeps the last element it matched
      await waitFor(() => expect(container.textContent).toContain('Bottom up'));
      unmount();
      expect(container.textContent).toBe('');
      return new WeakRef(module);
    };
    const loaded = await shown();
    expect(await collected(loaded)).toBe(true);
  });

  it('says when a panel cannot be loaded, and offers a reload', async () => {
    render(StepPanel, { props: { load: () => Promise.reject(new Error('offline')), props: { step } } });
    expect(await screen.findByRole('alert')).toHaveTextContent("This step's picture could not be loaded (offline).");
    expect(screen.getByRole('button', { name: 'Reload the page' })).toBeInTheDocument();
  });
});
