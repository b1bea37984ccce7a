import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../http/app.ts';
import { registerAccountRoutes } from './accounts/routes.ts';
import { registerEvaluationApi } from './evaluations/api.ts';
import { registerEvaluationPages } from './evaluations/routes.ts';
import { registerProtocol } from './evaluations/protocol/routes.ts';
import { registerInstrumentApi } from './instruments/api.ts';
import { registerInstrumentPages } from './instruments/routes.ts';
import { registerOrganisationApi } from './organisation/api.ts';
import { registerDirectoryPages } from './organisation/directory-routes.ts';
import { registerDirectory } from './directory/routes.ts';
import { registerOrganisationPages } from './organisation/routes.ts';
import { registerBudgetAnalysis } from './organisation/budget-analysis-routes.ts';
import { registerDocuments } from './documents/routes.ts';
import { registerPlans } from './plans/routes.ts';
import { registerLearningSets } from './casework/learning-sets/routes.ts';
import { registerRefiRoutes } from './qualitative/refi/routes.ts';
import { registerRespondentRoutes } from './surveys/respondent/routes.ts';
import { registerInvitations } from './fieldwork/invitations/register.ts';
import { registerSurveyImportRoutes } from './surveys/imports/routes.ts';
import { registerSurveyBuilder } from './surveys/builder/routes.ts';
import { registerSurveyExports } from './surveys/exports/routes.ts';
import { registerAnalysisPages } from './results/routes.ts';
import { registerCodebookApi } from './qualitative/codebook/api.ts';
import { registerCodebookPages } from './qualitative/codebook/routes.ts';
import { registerCodingApi } from './qualitative/coding/api.ts';
import { registerCodingPages } from './qualitative/coding/routes.ts';
import { registerQualitativeAnalysis } from './qualitative/analysis/routes.ts';
import { registerQualitativeAgreement } from './qualitative/agreement/routes.ts';
import { registerQuoteBank } from './qualitative/quotes/routes.ts';
import { registerInterviews } from './qualitative/interviews/routes.ts';
import { registerTranscripts } from './qualitative/transcripts/routes.ts';
import { registerPseudonyms } from './qualitative/pseudonyms/routes.ts';
import { registerContacts } from './fieldwork/contacts/routes.ts';
import { registerResponseRates } from './fieldwork/rates/routes.ts';
import { registerSurveyCalendar } from './fieldwork/calendar/routes.ts';
import { registerStatisticsSharing } from './surveys/sharing/routes.ts';
import { registerSamplingApi } from './sampling/sampling-api.ts';
import { registerSamplingPages } from './sampling/sampling-routes.ts';
import { registerPrivacy } from './privacy/routes.ts';
import { registerCaseStudies } from './casework/case-studies/routes.ts';
import { registerFindings } from './findings/routes.ts';
import { registerReports } from './reports/routes.ts';

export type RegisterModule = (app: FastifyInstance, deps: ModuleDeps) => Promise<void>;

/** Every capability's routes, written out so the app's surface can be read in one place. */
export const modules: RegisterModule[] = [
  registerAccountRoutes,
  registerEvaluationPages,
  registerEvaluationApi,
  registerProtocol,
  registerOrganisationPages,
  registerDirectoryPages,
  registerDirectory,
  registerOrganisationApi,
  registerBudgetAnalysis,
  registerDocuments,
  registerPlans,
  registerSamplingPages,
  registerSamplingApi,
  registerInstrumentPages,
  registerInstrumentApi,
  registerSurveyBuilder,
  registerSurveyImportRoutes,
  registerRespondentRoutes,
  registerInvitations,
  registerSurveyExports,
  registerAnalysisPages,
  registerInterviews,
  registerTranscripts,
  registerPseudonyms,
  registerCodebookPages,
  registerCodebookApi,
  registerCodingPages,
  registerCodingApi,
  registerQualitativeAnalysis,
  registerQualitativeAgreement,
  registerQuoteBank,
  registerRefiRoutes,
  registerContacts,
  registerResponseRates,
  registerSurveyCalendar,
  registerStatisticsSharing,
  registerPrivacy,
  registerFindings,
  registerReports,
  registerCaseStudies,
  registerLearningSets,
];
