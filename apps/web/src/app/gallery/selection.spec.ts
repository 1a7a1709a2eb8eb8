import { Selection } from './selection';

describe('Selection', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];
  const chosen = (selection: Selection) => [...selection.chosen()].sort();

  it('toggles one image at a time', () => {
    const selection = new Selection();
    selection.toggle('b');
    selection.toggle('d');
    expect(chosen(selection)).toEqual(['b', 'd']);
    selection.toggle('b');
    expect(chosen(selection)).toEqual(['d']);
    expect(selection.size()).toBe(1);
  });

  it('chooses every image between the one toggled last and the one shift-clicked, either way, keeping the others', () => {
    const selection = new Selection();
    selection.toggle('a');
    selection.toggle('d');
    selection.extendTo('b', order);
    expect(chosen(selection)).toEqual(['a', 'b', 'c', 'd']);
    selection.toggle('e');
    selection.extendTo('e', order);
    expect(chosen(selection)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('takes a shift-click with nothing toggled before as a click', () => {
    const selection = new Selection();
    selection.extendTo('c', order);
    expect(chosen(selection)).toEqual(['c']);
    selection.extendTo('e', order);
    expect(chosen(selection)).toEqual(['c', 'd', 'e']);
  });

  it('forgets images no longer shown, and the anchor with them', () => {
    const selection = new Selection();
    selection.toggle('a');
    selection.toggle('c');
    selection.keepOnly(['a', 'b', 'd']);
    expect(chosen(selection)).toEqual(['a']);
    selection.extendTo('d', ['a', 'b', 'd']);
    expect(chosen(selection)).toEqual(['a', 'd']);
  });

  it('clears everything', () => {
    const selection = new Selection();
    selection.toggle('a');
    selection.clear();
    expect(selection.size()).toBe(0);
    selection.extendTo('b', order);
    expect(chosen(selection)).toEqual(['b']);
  });
});
