import { cx } from "./cx";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";
export type ButtonSize = "sm" | "md";

const variants: Record<ButtonVariant, string> = {
  primary: "bg-brand-600 font-medium text-white hover:bg-brand-700",
  secondary: "bg-white ring-1 ring-slate-300 hover:bg-slate-50",
  danger: "bg-white text-red-700 ring-1 ring-red-300 hover:bg-red-50",
  ghost: "text-brand-700 hover:bg-brand-50",
};
const sizes: Record<ButtonSize, string> = { sm: "px-2 py-1 text-xs", md: "px-3 py-1.5 text-sm" };

/** The classes of a button, for a link that looks like one. */
export function buttonClass(variant: ButtonVariant = "secondary", size: ButtonSize = "md", className?: string): string {
  return cx("inline-flex items-center justify-center gap-1.5 rounded-md disabled:cursor-not-allowed disabled:opacity-50", variants[variant], sizes[size], className);
}

/** A button: `type="button"` unless told otherwise, so that no button submits a form by accident. */
export function Button({ variant = "secondary", size = "md", className, type = "button", ...props }: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: ButtonSize }) {
  return <button type={type} className={buttonClass(variant, size, className)} {...props} />;
}
