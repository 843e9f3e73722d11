import { Component, type ReactNode } from 'react';

interface State {
  error?: Error;
}

/**
 * The last line against a blank page: if rendering throws, say so and offer a way back. The URL is
 * left as it was, so nothing the user set is lost by reloading.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = {};

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="app" data-status="running" role="alert">
        <h1>lr-lab</h1>
        <p>Something went wrong while drawing the lab: {this.state.error.message}</p>
        <p>
          <button type="button" onClick={() => window.location.reload()}>
            Reload with the same link
          </button>{' '}
          <a href="./">Open the default lecture figure</a>
        </p>
      </div>
    );
  }
}
