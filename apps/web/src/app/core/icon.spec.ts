import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Camera, Menu, type IconNode } from 'lucide';
import { Icon } from './icon';

@Component({
  imports: [Icon],
  template: `<button type="button"><svg [lbxIcon]="icon()"></svg>Open</button>`,
})
class Host {
  readonly icon = signal<IconNode>(Camera);
}

describe('Icon', () => {
  it('draws every part of a Lucide icon as SVG, hidden from screen readers, and redraws when it changes', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const button = (fixture.nativeElement as HTMLElement).querySelector('button');
    const svg = button?.querySelector('svg');
    const drawn = () => Array.from(svg?.children ?? [], (part) => [part.namespaceURI, part.tagName, part.getAttribute('d') ?? part.getAttribute('r')]);
    const expected = (icon: IconNode) => icon.map(([tag, attrs]) => ['http://www.w3.org/2000/svg', tag, attrs['d'] ?? attrs['r']]);

    expect(drawn()).toEqual(expected(Camera));
    expect(svg?.getAttribute('aria-hidden')).toBe('true');
    expect(svg?.getAttribute('viewBox')).toBe('0 0 24 24');
    expect(button?.textContent?.trim()).toBe('Open');

    fixture.componentInstance.icon.set(Menu);
    await fixture.whenStable();
    expect(drawn()).toEqual(expected(Menu));
  });
});
