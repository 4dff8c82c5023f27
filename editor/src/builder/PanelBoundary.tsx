// Keeps a failing side panel (settings, test chat) from taking the canvas down with it.
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  title: string;
  closeLabel: string;
  onClose: () => void;
  /** A new key (another block) gives the panel another chance. */
  resetKey?: string;
}

export class PanelBoundary extends Component<Props, { error: Error | null; key?: string }> {
  override state: { error: Error | null; key?: string } = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: { error: Error | null; key?: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('builder panel failed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="oz-panel-error" role="alert">
        <strong>{this.props.title}</strong>
        <p className="muted small">{this.state.error.message}</p>
        <button type="button" className="ghost" onClick={this.props.onClose}>
          {this.props.closeLabel}
        </button>
      </div>
    );
  }
}
