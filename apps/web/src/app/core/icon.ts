import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { IconNode } from 'lucide';

/**
 * A Lucide icon, drawn inline so it takes the text's colour and needs no request. It is never a
 * control's only name: the word beside it is shown or visually hidden. Each template imports the
 * icons it draws (`import { ZoomIn } from 'lucide'`), so the build keeps only those. Not in the
 * header: esbuild puts every icon reachable from the initial bundle into it, which would take the
 * initial JS past its 100 kB gzip budget.
 */
@Component({
  // An attribute of <svg>, not an element of its own: the icon is the svg, with no box around it to lay out.
  // eslint-disable-next-line @angular-eslint/component-selector
  selector: 'svg[lbxIcon]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'icon',
    viewBox: '0 0 24 24',
    fill: 'none',
    stroke: 'currentColor',
    'stroke-width': '2',
    'stroke-linecap': 'round',
    'stroke-linejoin': 'round',
    'aria-hidden': 'true',
    focusable: 'false',
  },
  template: `
    @for (part of lbxIcon(); track $index) {
      @let a = part[1];
      @switch (part[0]) {
        @case ('path') { <svg:path [attr.d]="a['d']" /> }
        @case ('circle') { <svg:circle [attr.cx]="a['cx']" [attr.cy]="a['cy']" [attr.r]="a['r']" /> }
        @case ('ellipse') { <svg:ellipse [attr.cx]="a['cx']" [attr.cy]="a['cy']" [attr.rx]="a['rx']" [attr.ry]="a['ry']" /> }
        @case ('line') { <svg:line [attr.x1]="a['x1']" [attr.y1]="a['y1']" [attr.x2]="a['x2']" [attr.y2]="a['y2']" /> }
        @case ('rect') {
          <svg:rect [attr.x]="a['x']" [attr.y]="a['y']" [attr.width]="a['width']" [attr.height]="a['height']" [attr.rx]="a['rx']" [attr.ry]="a['ry']" />
        }
        @case ('polyline') { <svg:polyline [attr.points]="a['points']" /> }
        @case ('polygon') { <svg:polygon [attr.points]="a['points']" /> }
      }
    }
  `,
})
export class Icon {
  readonly lbxIcon = input.required<IconNode>();
}
