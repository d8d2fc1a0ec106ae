/**
 * Presentation mode on or off (for a projector): the two classes presentation.css keys on. `appRoot` is the
 * element that carries data-theme; panels marked data-presentation="hide" disappear (see README.md).
 */
import './presentation.css';

export function setPresentationMode(on: boolean, appRoot: HTMLElement, doc: Document = document): void {
  appRoot.classList.toggle('hs-presentation', on);
  doc.documentElement.classList.toggle('hs-presentation-root', on);
}
