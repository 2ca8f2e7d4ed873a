import type { MessageContent } from "../../api/types";

type LocationContent = Extract<MessageContent, { kind: "location" }>;

/** A place: name, address, coordinates and a link to open it on a map (no map tiles are fetched). */
export function LocationCard({ content }: { content: LocationContent }) {
  const { latitude: lat, longitude: lon } = content;
  const coords = `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
  const title = content.name ?? "Shared location";
  const map = `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a card in a bubble, not a form control group (no <fieldset>)
    <div className="location-card" role="group" aria-label={`Location: ${title}`}>
      <span className="location-card__pin" aria-hidden="true">
        📍
      </span>
      <span className="location-card__text">
        <span className="location-card__name">{title}</span>
        {content.address ? <span className="location-card__address">{content.address}</span> : null}
        <span className="location-card__coords muted tabular">{coords}</span>
        <a className="link-button" href={map} target="_blank" rel="noreferrer noopener">
          Open in map
        </a>
      </span>
    </div>
  );
}
