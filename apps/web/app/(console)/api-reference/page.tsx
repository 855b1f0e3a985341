import { openApiDocument, PULP_API_PREFIX } from "@hubcache/services";
import Link from "next/link";
import {
  buildApiReference,
  codeSpans,
  type ApiReference,
  type BodyView,
  type OperationView,
  type ParameterView,
  type SchemaField,
} from "../../../lib/api-reference.ts";

export const metadata = { title: "API reference · Hubcache" };

/** The raw document, as clients and code generators read it. */
const DOCUMENT_URL = `${PULP_API_PREFIX}docs/api.json`;

let built: ApiReference | undefined;
/** The document is made from the route table, which does not change while the server runs. */
function reference(): ApiReference {
  built ??= buildApiReference(openApiDocument());
  return built;
}

/** A description with its `code` spans. */
function Prose({ text }: { text: string }) {
  return (
    <>
      {codeSpans(text).map((part, index) =>
        part.code ? <code key={index}>{part.text}</code> : <span key={index}>{part.text}</span>,
      )}
    </>
  );
}

/** Formatted JSON: scrolls inside itself (and takes the keyboard focus to do so). */
function Json({ label, text }: { label: string; text: string }) {
  return (
    <pre className="api-json" tabIndex={0} aria-label={label}>
      {text}
    </pre>
  );
}

function Fields({ fields }: { fields: SchemaField[] }) {
  return (
    <ul className="api-fields">
      {fields.map((field) => (
        <li key={field.name}>
          <code className="api-name">{field.name}</code> <span className="api-type">{field.type}</span>
          {field.required && <span className="badge">required</span>}
          {(field.description || field.constraints.length > 0) && (
            <div className="api-field-text">
              {field.description && <Prose text={field.description} />}
              {field.constraints.length > 0 && (
                <span className="muted">
                  {field.description ? " · " : ""}
                  {field.constraints.join(" · ")}
                </span>
              )}
            </div>
          )}
          {field.fields.length > 0 && <Fields fields={field.fields} />}
        </li>
      ))}
    </ul>
  );
}

function Parameters({ title, parameters }: { title: string; parameters: ParameterView[] }) {
  if (parameters.length === 0) return null;
  return (
    <>
      <h4>{title}</h4>
      <ul className="api-fields">
        {parameters.map((parameter) => (
          <li key={parameter.name}>
            <code className="api-name">{parameter.name}</code>{" "}
            <span className="api-type">{parameter.type}</span>
            {parameter.required && <span className="badge">required</span>}
            {parameter.description && (
              <div className="api-field-text">
                <Prose text={parameter.description} />
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function Schema({ body, label }: { body: BodyView; label: string }) {
  return (
    <details className="api-schema">
      <summary>JSON Schema</summary>
      <Json label={`${label}: JSON Schema`} text={JSON.stringify(body.schema, null, 2)} />
    </details>
  );
}

function Operation({ operation }: { operation: OperationView }) {
  const method = operation.method.toUpperCase();
  const name = `${method} ${operation.path}`;
  return (
    <article id={operation.anchor} className="api-operation" aria-label={name}>
      <h3 className="api-endpoint">
        <span className={`api-method api-method-${operation.method}`}>{method}</span>{" "}
        <code className="api-path">{operation.path}</code>
      </h3>
      <p className="api-summary">
        <Prose text={operation.summary} />
        {operation.anonymous && <span className="badge">no credentials needed</span>}
      </p>
      {operation.description && (
        <p>
          <Prose text={operation.description} />
        </p>
      )}
      <Parameters title="Path parameters" parameters={operation.pathParameters} />
      <Parameters title="Query parameters" parameters={operation.queryParameters} />
      {operation.requestBody && (
        <>
          <h4>Request body</h4>
          <p className="muted">
            <code>{operation.requestBody.contentType}</code> · {operation.requestBody.type}
          </p>
          {operation.requestBody.fields.length > 0 && <Fields fields={operation.requestBody.fields} />}
          {operation.requestBody.example !== undefined && (
            <Json label={`${name}: example request body`} text={operation.requestBody.example} />
          )}
          <Schema body={operation.requestBody} label={`${name} request body`} />
        </>
      )}
      <h4>Responses</h4>
      {operation.responses.map((response) => (
        <div
          key={response.status}
          className="api-response"
          role="group"
          aria-label={`${name} response ${response.status}`}
        >
          <p>
            <span className={`api-status api-status-${response.status.charAt(0)}xx`}>{response.status}</span>{" "}
            <Prose text={response.description} />
          </p>
          {response.body?.example !== undefined && (
            <Json label={`${name}: example ${response.status} response`} text={response.body.example} />
          )}
          {response.body && response.body.fields.length > 0 && (
            <details className="api-schema">
              <summary>Fields</summary>
              <Fields fields={response.body.fields} />
            </details>
          )}
          {response.body && <Schema body={response.body} label={`${name} response ${response.status}`} />}
        </div>
      ))}
    </article>
  );
}

/** The REST API, from its OpenAPI document: server-rendered, nothing fetched from elsewhere. */
export default function ApiReferencePage() {
  const api = reference();
  return (
    <main className="api-reference">
      <h1>API reference</h1>
      <p>
        {api.title}, version {api.version}. {api.description && <Prose text={api.description} />} Create a
        token for it under <Link href="/api-tokens">API tokens</Link>.
      </p>
      <p>
        The OpenAPI {api.openapi} document, for clients and code generators:{" "}
        <a href={DOCUMENT_URL} className="api-path">
          <code>{DOCUMENT_URL}</code>
        </a>
      </p>
      <nav aria-label="API sections" className="api-toc">
        <ul>
          {api.tags.map((tag) => (
            <li key={tag.name}>
              <a href={`#${tag.anchor}`}>{tag.name}</a>{" "}
              <span className="muted">({tag.operations.length})</span>
            </li>
          ))}
        </ul>
      </nav>
      {api.tags.map((tag) => (
        <section key={tag.name} id={tag.anchor} aria-labelledby={`${tag.anchor}-title`}>
          <h2 id={`${tag.anchor}-title`}>{tag.name}</h2>
          {tag.operations.map((operation) => (
            <Operation key={operation.anchor} operation={operation} />
          ))}
        </section>
      ))}
    </main>
  );
}
