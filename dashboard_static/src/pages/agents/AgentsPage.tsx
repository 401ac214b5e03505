import { PageHeader } from "../../components/states";

export default function Page() {
  return <PageHeader title="Agents" />;
}
